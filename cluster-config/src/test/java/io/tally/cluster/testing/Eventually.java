package io.tally.cluster.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Awaits a condition where no actor system lends a TestProbe (across processes, in the benchmark
 * harness): retries a check every interval until it holds, or fails with the last error once the
 * deadline has passed. Every wait is bounded.
 */
public final class Eventually {

  /** How often {@link #await} checks. */
  public static final Duration POLL = Duration.ofMillis(100);

  /** Thrown by a check when waiting longer cannot help (e.g. the process it waits for exited). */
  public static final class Hopeless extends RuntimeException {
    public Hopeless(String message) {
      super(message);
    }
  }

  private Eventually() {}

  /** The check's result once it returns without throwing; {@link AssertionError} after {@code max}. */
  public static <T> T within(Duration max, Duration interval, String what, Callable<T> check) {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      try {
        return check.call();
      } catch (Hopeless e) {
        throw new AssertionError(what + ": " + e.getMessage(), e);
      } catch (Exception | AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(what + ": not within " + max + "; last: " + e, e);
        }
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          throw new AssertionError(what + ": interrupted", e);
        }
      }
      LockSupport.parkNanos(interval.toNanos());
    }
  }

  /** How long {@code condition} took to hold, checked every {@link #POLL}; fails after {@code timeout}. */
  public static Duration await(String what, Duration timeout, BooleanSupplier condition) {
    long start = System.nanoTime();
    within(timeout, POLL, what, () -> {
      if (!condition.getAsBoolean()) {
        throw new IllegalStateException("not yet");
      }
      return null;
    });
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
