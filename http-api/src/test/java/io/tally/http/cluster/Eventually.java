package io.tally.http.cluster;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * Awaits a condition across processes (no actor system in this JVM to lend a TestProbe): retries
 * a check every {@code interval} until it returns without throwing, or fails with the last error
 * once {@code max} has passed.
 */
final class Eventually {

  /** Thrown by a check when waiting longer cannot help (e.g. the process it waits for exited). */
  static final class Hopeless extends RuntimeException {
    Hopeless(String message) {
      super(message);
    }
  }

  private Eventually() {}

  static <T> T within(Duration max, Duration interval, String what, Callable<T> check) {
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
}
