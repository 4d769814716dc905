package io.tally.ledger.internal;

import io.tally.ledger.WindowAggregate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Updates of the retained window aggregates: a list sorted by windowStart, keeping the newest
 * window-retention windows. An update for a window older than all retained ones when the list is
 * full is not kept (the detector can only compare retained windows).
 */
public final class RecentWindows {

  private RecentWindows() {}

  /** Applies {@code change} to the window, creating it when absent. */
  public static List<WindowAggregate> upsert(
      List<WindowAggregate> windows, Instant start, UnaryOperator<WindowAggregate> change,
      int retention) {
    int index = indexOf(windows, start);
    List<WindowAggregate> next = new ArrayList<>(windows.size() + 1);
    next.addAll(windows);
    if (index >= 0) {
      next.set(index, change.apply(windows.get(index)));
      return Collections.unmodifiableList(next);
    }
    next.add(-index - 1, change.apply(WindowAggregate.empty(start)));
    int excess = Math.max(0, next.size() - retention);
    return Collections.unmodifiableList(new ArrayList<>(next.subList(excess, next.size())));
  }

  /** Applies {@code change} only when the window is retained. */
  public static List<WindowAggregate> update(
      List<WindowAggregate> windows, Instant start, UnaryOperator<WindowAggregate> change) {
    int index = indexOf(windows, start);
    if (index < 0) {
      return windows;
    }
    List<WindowAggregate> next = new ArrayList<>(windows);
    next.set(index, change.apply(windows.get(index)));
    return Collections.unmodifiableList(next);
  }

  private static int indexOf(List<WindowAggregate> windows, Instant start) {
    int low = 0;
    int high = windows.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int cmp = windows.get(mid).windowStart().compareTo(start);
      if (cmp == 0) {
        return mid;
      } else if (cmp < 0) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return -(low + 1);
  }
}
