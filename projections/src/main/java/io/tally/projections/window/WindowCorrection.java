package io.tally.projections.window;

import java.time.Instant;

/**
 * A restatement of a closed window: a late change (or a repair) moved the row from {@code before}
 * to {@code after} and produced {@code version}. Never a silent change.
 *
 * @param causeSeqNr the journal seqNr of the late event; for a repair, the last replayed seqNr
 * @param cause {@code late-event} or {@code repair}
 */
public record WindowCorrection(
    String entityKey,
    Instant windowStart,
    long version,
    WindowValues before,
    WindowValues after,
    long causeSeqNr,
    String cause,
    Instant at) {}
