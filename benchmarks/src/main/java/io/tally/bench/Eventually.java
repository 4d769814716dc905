package io.tally.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition, checking it every {@link #POLL} until a deadline; fails after it. */
public final class Eventually {

  public static final Duration POLL = Duration.ofMillis(100);

  private Eventually() {}

  /** Returns how long the condition took to hold. */
  public static Duration await(String what, Duration timeout, BooleanSupplier condition) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (true) {
      if (holds(condition)) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + ": not within " + timeout);
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }

  private static boolean holds(BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }

  static long millis(Duration d) {
    return TimeUnit.NANOSECONDS.toMillis(d.toNanos());
  }
}
