package io.tally.projections.window;

import io.tally.ledger.WindowAggregate;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What a window view and the entity's own {@link WindowAggregate} must agree on: the values the
 * drift detector compares (bookkeeping such as lastSeqNr and version is not compared).
 */
public record WindowValues(long count, BigDecimal sum, long digest, long lateCount, long retractedCount) {

  public static final WindowValues EMPTY = new WindowValues(0, BigDecimal.ZERO, 0, 0, 0);

  public WindowValues {
    // Scale-insensitive: 1.0 and 1.00 are the same amount (Cassandra decimals keep the scale).
    sum = normalised(sum);
  }

  private static BigDecimal normalised(BigDecimal sum) {
    if (sum.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal stripped = sum.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  public static WindowValues of(WindowAggregate a) {
    return new WindowValues(a.count(), a.sum(), a.digest(), a.lateCount(), a.retractedCount());
  }

  public WindowValues recorded(BigDecimal amount, long keyHash, boolean late) {
    return new WindowValues(count + 1, sum.add(amount), digest + keyHash, late ? lateCount + 1 : lateCount,
        retractedCount);
  }

  public WindowValues retracted(BigDecimal amount, long keyHash, boolean windowClosed) {
    return new WindowValues(count - 1, sum.subtract(amount), digest - keyHash,
        windowClosed ? lateCount + 1 : lateCount, retractedCount + 1);
  }

  /**
   * A 64-bit fingerprint of (entity, values). Summed (mod 2^64) over the rows of a slice-window it
   * gives an order-independent combined digest: two sides with equal rows have equal sums, so the
   * detector compares one number per slice-window before looking at any entity.
   */
  public long fingerprint(String entityKey) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(entityKey.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(ByteBuffer.allocate(32).putLong(count).putLong(digest).putLong(lateCount)
          .putLong(retractedCount).array());
      sha.update(sum.toPlainString().getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(sha.digest()).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
