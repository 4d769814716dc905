package io.tally.ledger;

import java.time.Duration;
import java.time.Instant;

/**
 * Event-time window math shared by the entity and the projections.
 *
 * <ul>
 *   <li>windowStart = floor(eventTime / window-size) (millisecond arithmetic, floored also before
 *       the epoch); windowEnd = windowStart + window-size (exclusive).
 *   <li>A window <em>closes</em> at windowEnd + allowed-lateness. An event is late when its
 *       ingestedAt is strictly after that instant: exactly at the boundary is on time.
 *   <li>An event is too late (always rejected) when ingestedAt is strictly after windowEnd +
 *       max-lateness.
 * </ul>
 */
public final class EventTimeWindows {

  private final long sizeMillis;
  private final Duration size;
  private final Duration allowedLateness;
  private final Duration maxLateness;

  public EventTimeWindows(Duration size, Duration allowedLateness, Duration maxLateness) {
    this.size = size;
    this.sizeMillis = size.toMillis();
    this.allowedLateness = allowedLateness;
    this.maxLateness = maxLateness;
  }

  public static EventTimeWindows of(LedgerSettings settings) {
    return new EventTimeWindows(
        settings.windowSize(), settings.allowedLateness(), settings.maxLateness());
  }

  /** Instant.toEpochMilli floors sub-millisecond parts, so this floors at every precision. */
  public Instant startOf(Instant eventTime) {
    long millis = eventTime.toEpochMilli();
    return Instant.ofEpochMilli(Math.floorDiv(millis, sizeMillis) * sizeMillis);
  }

  public Instant endOf(Instant windowStart) {
    return windowStart.plus(size);
  }

  /** After this instant, changes to the window are late (corrections). */
  public Instant closesAt(Instant windowStart) {
    return endOf(windowStart).plus(allowedLateness);
  }

  public boolean isLate(Instant windowStart, Instant ingestedAt) {
    return ingestedAt.isAfter(closesAt(windowStart));
  }

  public boolean isBeyondMaxLateness(Instant windowStart, Instant ingestedAt) {
    return ingestedAt.isAfter(endOf(windowStart).plus(maxLateness));
  }

  public Duration size() {
    return size;
  }
}
