package io.tally.projections.window;

import java.time.Instant;

/**
 * The materialised view of one entity's event-time window.
 *
 * @param lastSeqNr journal sequence number of the last event applied to this row: the redelivery
 *     guard (eventsByTag keeps per-persistenceId order, so seqNr &lt;= lastSeqNr was applied)
 * @param version 1 while the window is open; +1 for each restatement of the closed window
 *     (a late change, or a repair)
 */
public record WindowView(
    String entityKey,
    int slice,
    Instant windowStart,
    WindowValues values,
    long lastSeqNr,
    long version,
    Instant updatedAt) {

  /** The row before the first event: nothing applied, version 1. */
  public static WindowView empty(String entityKey, int slice, Instant windowStart) {
    return new WindowView(entityKey, slice, windowStart, WindowValues.EMPTY, 0, 1, Instant.EPOCH);
  }

  public boolean isNew() {
    return lastSeqNr == 0;
  }

  public WindowKey key() {
    return new WindowKey(entityKey, windowStart);
  }
}
