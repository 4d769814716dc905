package io.tally.ledger;

/**
 * Marker for everything the ledger persists or sends between nodes: commands, replies, events and
 * the state snapshot. Bound to {@code jackson-cbor} in this module's {@code reference.conf}, so
 * Java serialization is never needed.
 */
public interface LedgerSerializable {}
