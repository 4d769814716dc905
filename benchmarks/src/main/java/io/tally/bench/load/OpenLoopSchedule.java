package io.tally.bench.load;

import java.time.Duration;

/**
 * When each request of an open loop is due: request i at {@code start + i × interval}, whatever
 * the answers. Latency is measured from that due time, not from when the request actually left:
 * a stall (of the node, or of the sender) then shows in every request that was due during it, as
 * their producers would see it, instead of being hidden by requests never sent (coordinated
 * omission).
 */
public record OpenLoopSchedule(long startNanos, double intervalNanos, long windowStartNanos, long endNanos) {

  /** {@code eventsPerSecond} in requests of {@code batch} events: warm-up from {@code startNanos}, then the window. */
  public static OpenLoopSchedule of(long startNanos, double eventsPerSecond, int batch, Duration warmUp,
      Duration measured) {
    if (!(eventsPerSecond > 0)) {
      throw new IllegalArgumentException("an open loop needs a positive rate, not " + eventsPerSecond);
    }
    long windowStart = startNanos + warmUp.toNanos();
    return new OpenLoopSchedule(startNanos, 1e9 * batch / eventsPerSecond, windowStart,
        windowStart + measured.toNanos());
  }

  /** When request {@code i} is due (nanoTime). */
  public long dueNanos(long i) {
    return startNanos + Math.round(i * intervalNanos);
  }

  /** Requests due before the end: the loop's bound. */
  public long requests() {
    return (long) Math.ceil((endNanos - startNanos) / intervalNanos);
  }

  /** Whether request {@code i} belongs to the measured window (by its due time). */
  public boolean inWindow(long i) {
    long due = dueNanos(i);
    return due >= windowStartNanos && due < endNanos;
  }

  /** Latency of request {@code i} answered at {@code answeredNanos}: from its due time. */
  public long latencyNanos(long i, long answeredNanos) {
    return answeredNanos - dueNanos(i);
  }
}
