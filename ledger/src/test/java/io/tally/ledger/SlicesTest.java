package io.tally.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class SlicesTest {

  @Test
  public void sliceIsTheSpecifiedStringHashFloorModTheSliceCount() {
    String key = "acct-42";
    int specified = 0;
    for (char c : key.toCharArray()) {
      specified = 31 * specified + c; // the String.hashCode formula of the Java SE API
    }

    assertEquals(Math.floorMod(specified, 8), Slices.of(key, 8));
  }

  @Test
  public void pinnedValuesNeverChange() {
    // If these change, every existing entity would move to another tag.
    assertEquals(7, Slices.of("acct-1", 8)); // hashCode -1423448841
    assertEquals(5, Slices.of("acct-7", 8));
    assertEquals(4, Slices.of("customer:9001", 8)); // hashCode 2115350900
    assertEquals(6, Slices.of("order:2024/07@eu", 8));
    assertEquals(0, Slices.of("polygenelubricants", 8)); // hashCode is Integer.MIN_VALUE
    assertEquals("slice-7", Slices.tagFor("acct-1", 8));
  }

  @Test
  public void negativeHashesStillGiveASliceInRange() {
    assertEquals(Integer.MIN_VALUE, "polygenelubricants".hashCode());
    for (int i = 0; i < 10_000; i++) {
      int slice = Slices.of("key-" + i, 7);
      assertTrue(slice >= 0 && slice < 7);
    }
  }

  @Test
  public void keysSpreadOverAllSlices() {
    int[] counts = new int[8];
    int keys = 8_000;
    for (int i = 0; i < keys; i++) {
      counts[Slices.of("acct-" + i, 8)]++;
    }
    for (int count : counts) {
      assertTrue("uneven: " + count, count > keys / 8 / 2 && count < keys / 8 * 2);
    }
  }

  @Test
  public void tagsAreSliceDashN() {
    assertEquals(List.of("slice-0", "slice-1", "slice-2"), Slices.allTags(3));
  }

  @Test(expected = IllegalArgumentException.class)
  public void atLeastOneSlice() {
    Slices.of("a", 0);
  }
}
