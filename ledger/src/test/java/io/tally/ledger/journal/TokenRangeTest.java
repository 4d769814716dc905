package io.tally.ledger.journal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

/** The token ring split for a journal scan: contiguous, complete, even. */
public class TokenRangeTest {

  @Test
  public void oneRangeIsTheWholeRing() {
    assertEquals(List.of(new TokenRange(Long.MIN_VALUE, Long.MAX_VALUE)), TokenRange.split(1));
  }

  @Test
  public void rangesAreContiguousFromTheRingsStartToItsEndAndEven() {
    for (int parts : new int[] {2, 3, 7, 256, 1000}) {
      List<TokenRange> ranges = TokenRange.split(parts);
      assertEquals(parts, ranges.size());
      assertEquals(Long.MIN_VALUE, ranges.get(0).lower());
      assertEquals(Long.MAX_VALUE, ranges.get(parts - 1).upper());
      long expectedWidth = Long.divideUnsigned(-1L, parts);
      for (int i = 0; i < parts; i++) {
        if (i > 0) {
          assertEquals(ranges.get(i - 1).upper(), ranges.get(i).lower());
        }
        long width = ranges.get(i).upper() - ranges.get(i).lower();
        assertTrue(parts + " parts, range " + i + " is " + Long.toUnsignedString(width) + " wide",
            Math.abs(width - expectedWidth) <= 1);
      }
    }
  }

  @Test
  public void noPartsOrAnEmptyRangeAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> TokenRange.split(0));
    assertThrows(IllegalArgumentException.class, () -> new TokenRange(5, 5));
  }
}
