package io.tally.ledger.internal;

/** What kind of event an idempotency key was used for. Ordinals are stored: append only. */
public enum EntryKind {
  RECORDED,
  RETRACTION,
  TOMBSTONE,
  RESTORE
}
