package io.tally.ledger.journal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A range of the Murmur3 token ring, lower bound exclusive, upper inclusive, as a CQL scan asks for
 * it ({@code token(...) > lower AND token(...) <= upper}). The partitioner never gives a partition
 * the token {@link Long#MIN_VALUE}, so ranges from it to {@link Long#MAX_VALUE} cover every row.
 */
public record TokenRange(long lower, long upper) {

  public TokenRange {
    if (lower >= upper) {
      throw new IllegalArgumentException("empty token range (" + lower + ", " + upper + "]");
    }
  }

  /** The whole ring in {@code parts} contiguous ranges of (almost) equal width, in token order. */
  public static List<TokenRange> split(int parts) {
    if (parts < 1) {
      throw new IllegalArgumentException("a ring splits into at least one range, not " + parts);
    }
    BigInteger first = BigInteger.valueOf(Long.MIN_VALUE);
    BigInteger width = BigInteger.valueOf(Long.MAX_VALUE).subtract(first);
    List<TokenRange> ranges = new ArrayList<>(parts);
    long lower = Long.MIN_VALUE;
    for (int i = 1; i <= parts; i++) {
      long upper = first.add(width.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(parts))).longValueExact();
      ranges.add(new TokenRange(lower, upper));
      lower = upper;
    }
    return List.copyOf(ranges);
  }
}
