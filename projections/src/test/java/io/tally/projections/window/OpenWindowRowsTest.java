package io.tally.projections.window;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** The slice writer's held rows stay within their bounds, whatever the traffic. */
public class OpenWindowRowsTest {

  private static final Instant W = Instant.parse("2026-11-21T12:00:00Z");

  private static Instant window(int i) {
    return W.plusSeconds(60L * i);
  }

  private static List<WindowView> rows(Instant window, int n) {
    List<WindowView> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new WindowView("e" + i, 0, window, WindowValues.EMPTY, i + 1, 1, window));
    }
    return rows;
  }

  @Test
  public void theOldestWindowsGoFirstPastTheWindowBound() {
    OpenWindowRows open = new OpenWindowRows(2, 1_000);
    open.load(window(0), rows(window(0), 3));
    open.load(window(1), rows(window(1), 3));
    open.load(window(2), rows(window(2), 3));
    assertEquals(2, open.windowCount());
    assertFalse(open.holds(window(0)));
    assertTrue(open.holds(window(2)));
    assertEquals(6, open.rowCount());
  }

  @Test
  public void rowsWrittenIntoHeldWindowsCountTowardsTheRowBound() {
    OpenWindowRows open = new OpenWindowRows(8, 10);
    open.load(window(0), rows(window(0), 6));
    open.load(window(1), List.of());
    for (WindowView row : rows(window(1), 6)) {
      open.put(row);
    }
    assertTrue(open.rowCount() <= 10);
    assertTrue("the window being written is kept", open.holds(window(1)));
    assertFalse(open.holds(window(0)));
    // Rows of windows not held are not kept.
    open.put(rows(window(5), 1).get(0));
    assertFalse(open.holds(window(5)));
  }

  @Test
  public void aPartitionLargerThanTheRowBoundIsNeverHeldNorReadWholeAgain() {
    OpenWindowRows open = new OpenWindowRows(8, 10);
    open.load(window(0), rows(window(0), 11));
    assertFalse(open.holds(window(0)));
    assertFalse(open.worthReadingWhole(window(0)));
    assertEquals(0, open.rowCount());
    open.dropIf(w -> w.equals(window(0)));
    assertTrue(open.worthReadingWhole(window(0)));
  }

  @Test
  public void theEntitysHighestAppliedSeqNrIsFoundAcrossHeldWindows() {
    OpenWindowRows open = new OpenWindowRows(8, 100);
    open.load(window(0), rows(window(0), 5));
    open.load(window(1), rows(window(1), 2));
    assertEquals(5, open.lastSeqNrOf("e4"));
    assertEquals(2, open.lastSeqNrOf("e1"));
    assertEquals(0, open.lastSeqNrOf("unknown"));
    open.remove(new WindowKey("e4", window(0)));
    assertEquals(0, open.lastSeqNrOf("e4"));
    assertEquals(6, open.rowCount());
  }
}
