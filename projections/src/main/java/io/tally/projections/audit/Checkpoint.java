package io.tally.projections.audit;

import io.tally.ledger.LedgerSummary;

/**
 * A state the system holds for an entity at journal seqNr {@code seqNr} (a snapshot, the live
 * actor's state), to be compared with the replayed state at the same seqNr.
 */
public record Checkpoint(BreakKind mismatchKind, String source, long seqNr, LedgerSummary summary) {}
