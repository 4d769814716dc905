package io.tally.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The entity's own aggregate of one event-time window, what the drift detector compares views
 * with.
 *
 * @param count live (not retracted) recorded events in the window
 * @param sum sum of their amounts
 * @param digest {@link WindowDigest} of their idempotency keys
 * @param lateCount changes that arrived after the window closed: late records and retractions
 *     with {@code targetWindowClosed}
 * @param retractedCount recorded events of this window that were retracted
 */
public record WindowAggregate(
    Instant windowStart,
    long count,
    BigDecimal sum,
    long digest,
    long lateCount,
    long retractedCount) {

  public static WindowAggregate empty(Instant windowStart) {
    return new WindowAggregate(windowStart, 0, BigDecimal.ZERO, 0, 0, 0);
  }

  public WindowAggregate recorded(BigDecimal amount, long keyHash, boolean late) {
    return new WindowAggregate(windowStart, count + 1, sum.add(amount), digest + keyHash,
        late ? lateCount + 1 : lateCount, retractedCount);
  }

  public WindowAggregate retracted(BigDecimal amount, long keyHash, boolean windowClosed) {
    return new WindowAggregate(windowStart, count - 1, sum.subtract(amount), digest - keyHash,
        windowClosed ? lateCount + 1 : lateCount, retractedCount + 1);
  }
}
