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

  /** A budget for one part of the run: {@code limit} from now, but never past this budget's deadline. */
  public RunBudget within(Duration limit) {
    Duration left = remaining();
    return new RunBudget(limit.compareTo(left) < 0 ? limit : left);
  }

  /** True when at least {@code needed} is left. */
  public boolean allows(Duration needed) {
    return remaining().compareTo(needed) >= 0;
  }
}
