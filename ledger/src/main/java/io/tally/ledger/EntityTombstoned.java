package io.tally.ledger;

import java.time.Instant;
import java.util.Optional;

/**
 * The entity was soft-deleted at {@code eventTime}. History stays; until an {@link
 * EntityRestored}, new record, retract and tombstone events are answered {@code Gone}.
 */
public record EntityTombstoned(
    String entityKey,
    String idempotencyKey,
    Instant eventTime,
    Instant ingestedAt,
    Instant windowStart,
    boolean late,
    Optional<Long> sequence,
    String source,
    String prevHash,
    String hash)
    implements LedgerEvent {

  public EntityTombstoned {
    sequence = sequence == null ? Optional.empty() : sequence;
  }

  @Override
  public EntityTombstoned withChain(String prevHash, String hash) {
    return new EntityTombstoned(entityKey, idempotencyKey, eventTime, ingestedAt, windowStart,
        late, sequence, source, prevHash, hash);
  }
}
