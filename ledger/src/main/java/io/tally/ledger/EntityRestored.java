package io.tally.ledger;

import java.time.Instant;
import java.util.Optional;

/** A tombstoned entity was restored; it accepts events again with its state as it was. */
public record EntityRestored(
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

  public EntityRestored {
    sequence = sequence == null ? Optional.empty() : sequence;
  }

  @Override
  public EntityRestored withChain(String prevHash, String hash) {
    return new EntityRestored(entityKey, idempotencyKey, eventTime, ingestedAt, windowStart, late,
        sequence, source, prevHash, hash);
  }
}
