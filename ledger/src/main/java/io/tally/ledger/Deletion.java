package io.tally.ledger;

import java.time.Instant;

/** The tombstone in force: soft-deleted at {@code deletedAt} (event time) by event seqNr. */
public record Deletion(Instant deletedAt, long seqNr) {}
