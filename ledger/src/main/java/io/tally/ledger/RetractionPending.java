package io.tally.ledger;

import java.time.Instant;
import java.util.Optional;

/**
 * A retraction arrived before its target {@code targetIdempotencyKey}. It has no effect on
 * balance, windows or attributes yet. When the target arrives, the entity persists the target's
 * {@link EventRecorded} immediately followed, in the same atomic write, by an {@link
 * EventRetracted} whose {@code pendingSeqNr} points here: the target is recorded and neutralised.
 */
public record RetractionPending(
    String entityKey,
    String idempotencyKey,
    Instant eventTime,
    Instant ingestedAt,
    Instant windowStart,
    boolean late,
    String targetIdempotencyKey,
    Optional<Long> sequence,
    String source,
    String prevHash,
    String hash)
    implements LedgerEvent {

  public RetractionPending {
    sequence = sequence == null ? Optional.empty() : sequence;
  }

  @Override
  public RetractionPending withChain(String prevHash, String hash) {
    return new RetractionPending(entityKey, idempotencyKey, eventTime, ingestedAt, windowStart,
        late, targetIdempotencyKey, sequence, source, prevHash, hash);
  }
}
