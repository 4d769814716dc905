package io.tally.ledger.internal;

import java.time.Instant;
import java.util.Optional;

/** A persisted {@code RetractionPending}, kept until its target arrives. */
public record PendingRetraction(
    String retractionKey,
    long seqNr,
    Instant eventTime,
    Instant windowStart,
    boolean late,
    Optional<Long> sequence,
    String source) {

  public PendingRetraction {
    sequence = sequence == null ? Optional.empty() : sequence;
  }
}
