package io.tally.projections.audit;

import java.util.Locale;

/** Why an audit flags something; {@link #wireName()} is what reports and the API show. */
public enum BreakKind {
  /** The journal skips a sequence number (an event row was removed). */
  SEQUENCE_GAP,
  /** prevHash differs from the previous event's hash (an event was removed, inserted or re-hashed). */
  PREV_HASH_MISMATCH,
  /** The event's content does not hash to its stored hash (its payload was changed). */
  HASH_MISMATCH,
  /** The entity's journal could not be read or deserialized past some point. */
  UNREADABLE,
  /** A stored snapshot differs from the replayed state at the snapshot's sequence number. */
  SNAPSHOT_MISMATCH,
  /** The running entity's state differs from the replayed state at the same sequence number. */
  LIVE_STATE_MISMATCH,
  /** A materialised window view differs from the recomputed window aggregate. */
  VIEW_MISMATCH,
  /**
   * A window of a reconciled period (a statement batch's checkpoint) now differs from what the
   * batch compared: the ledger changed after the period was reconciled.
   */
  RECONCILED_PERIOD_CHANGED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** True for kinds that mean the hash chain itself is broken (tampering or loss). */
  public boolean chainBreak() {
    return this == SEQUENCE_GAP || this == PREV_HASH_MISMATCH || this == HASH_MISMATCH;
  }
}
