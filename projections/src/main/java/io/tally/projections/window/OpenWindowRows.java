package io.tally.projections.window;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The rows of a slice's open windows, held by the slice's writer so that an open window costs one
 * partition read when first touched and no read after that. Bounded in windows and rows: past
 * either bound the oldest window is dropped (and read again if touched again). Confined to the
 * writer's serial chain; not thread-safe on its own.
 */
final class OpenWindowRows {

  private final int maxWindows;
  private final int maxRows;
  private final TreeMap<Instant, Map<String, WindowView>> windows = new TreeMap<>();
  /** Open windows found too large to hold: their touched rows are read by key instead. */
  private final Set<Instant> oversized = new HashSet<>();
  private int rows;

  OpenWindowRows(int maxWindows, int maxRows) {
    this.maxWindows = maxWindows;
    this.maxRows = maxRows;
  }

  boolean holds(Instant windowStart) {
    return windows.containsKey(windowStart);
  }

  /** False once the window's partition was found too large to hold. */
  boolean worthReadingWhole(Instant windowStart) {
    return !oversized.contains(windowStart);
  }

  /** Holds a whole partition as read; makes room by dropping the oldest windows. */
  void load(Instant windowStart, List<WindowView> partition) {
    if (holds(windowStart)) {
      return;
    }
    if (partition.size() > maxRows) {
      oversized.add(windowStart);
      return;
    }
    Map<String, WindowView> byEntity = new HashMap<>();
    partition.forEach(v -> byEntity.put(v.entityKey(), v));
    windows.put(windowStart, byEntity);
    rows += byEntity.size();
    trim(windowStart);
  }

  Optional<WindowView> get(WindowKey key) {
    Map<String, WindowView> window = windows.get(key.windowStart());
    return window == null ? Optional.empty() : Optional.ofNullable(window.get(key.entityKey()));
  }

  /** Records a written row if its window is held; rows of other windows are not kept. */
  void put(WindowView row) {
    Map<String, WindowView> window = windows.get(row.windowStart());
    if (window != null && window.put(row.entityKey(), row) == null) {
      rows++;
      trim(row.windowStart());
    }
  }

  void remove(WindowKey key) {
    Map<String, WindowView> window = windows.get(key.windowStart());
    if (window != null && window.remove(key.entityKey()) != null) {
      rows--;
    }
  }

  /** The highest lastSeqNr among the held rows of an entity (0 if none): what is known applied. */
  long lastSeqNrOf(String entityKey) {
    long last = 0;
    for (Map<String, WindowView> window : windows.values()) {
      WindowView row = window.get(entityKey);
      if (row != null) {
        last = Math.max(last, row.lastSeqNr());
      }
    }
    return last;
  }

  /** Drops the windows the predicate names (those that have closed). */
  void dropIf(Predicate<Instant> closed) {
    oversized.removeIf(closed);
    windows.entrySet().removeIf(e -> {
      if (closed.test(e.getKey())) {
        rows -= e.getValue().size();
        return true;
      }
      return false;
    });
  }

  void clear() {
    windows.clear();
    oversized.clear();
    rows = 0;
  }

  int windowCount() {
    return windows.size();
  }

  int rowCount() {
    return rows;
  }

  private void trim(Instant keep) {
    while ((windows.size() > maxWindows || rows > maxRows) && windows.size() > 1) {
      Instant oldest = windows.firstKey().equals(keep) ? windows.higherKey(keep) : windows.firstKey();
      rows -= windows.remove(oldest).size();
    }
  }
}
