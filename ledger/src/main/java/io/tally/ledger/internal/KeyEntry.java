package io.tally.ledger.internal;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What the ledger remembers about a used idempotency key: the event's seqNr, its content
 * fingerprint, its kind and, for recorded events, what a retraction needs to reverse it (amount
 * and window). {@code retractedBy} is the seqNr of the retraction (0 while not retracted); once
 * retracted the amount is no longer needed and is zero.
 */
public record KeyEntry(
    long seqNr,
    long contentFingerprint,
    EntryKind kind,
    BigDecimal amount,
    Instant windowStart,
    long retractedBy) {

  public static final long NOT_RETRACTED = 0;

  public boolean retracted() {
    return retractedBy != NOT_RETRACTED;
  }

  public KeyEntry markRetracted(long retractionSeqNr) {
    return new KeyEntry(seqNr, contentFingerprint, kind, BigDecimal.ZERO, windowStart,
        retractionSeqNr);
  }
}
