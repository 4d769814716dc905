package io.tally.bench;

import java.time.Duration;

/** The run's deadline: sections ask before starting, loops ask before each step. */
public final class RunBudget {

  private final long deadline;

  public RunBudget(Duration limit) {
    this.deadline = System.nanoTime() + limit.toNanos();
  }

  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  /** True when at least {@code needed} is left. */
  public boolean allows(Duration needed) {
    return remaining().compareTo(needed) >= 0;
  }
}
