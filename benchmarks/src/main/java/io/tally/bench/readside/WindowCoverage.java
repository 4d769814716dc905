package io.tally.bench.readside;

import io.tally.ledger.EventTimeWindows;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accepted events per event-time window. The drift detector compares only closed windows (end +
 * allowed lateness passed), so this tells how many of the run's events a detector run at a given
 * time could check. One entry per window the section spans (a handful of minutes).
 */
final class WindowCoverage {

  private final EventTimeWindows windows;
  private final Map<Instant, Long> acceptedByWindow = new TreeMap<>();

  WindowCoverage(EventTimeWindows windows) {
    this.windows = windows;
  }

  synchronized void add(Instant eventTime, long accepted) {
    if (accepted > 0) {
      acceptedByWindow.merge(windows.startOf(eventTime), accepted, Long::sum);
    }
  }

  synchronized long total() {
    return acceptedByWindow.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Accepted events in windows already closed at {@code at}. */
  synchronized long inWindowsClosedBy(Instant at) {
    return acceptedByWindow.entrySet().stream()
        .filter(e -> !windows.closesAt(e.getKey()).isAfter(at))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** When the newest window with accepted events closes (now if there is none). */
  synchronized Instant lastClose() {
    return acceptedByWindow.keySet().stream().reduce((a, b) -> b).map(windows::closesAt).orElseGet(Instant::now);
  }
}
