package io.tally.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@code record} event was accepted: {@code amount} (zero when absent) is added to the balance
 * and to window {@code windowStart}; {@code attributes} are written last-writer-wins by eventTime
 * (a {@link AttributeValue#NULL_VALUE} removes).
 *
 * <p>Schema version 2 (see {@code EventRecordedMigration}).
 */
public record EventRecorded(
    String entityKey,
    String idempotencyKey,
    Instant eventTime,
    Instant ingestedAt,
    Instant windowStart,
    boolean late,
    BigDecimal amount,
    Map<String, AttributeValue> attributes,
    Optional<Long> sequence,
    String source,
    String prevHash,
    String hash)
    implements LedgerEvent {

  public EventRecorded {
    attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
    sequence = sequence == null ? Optional.empty() : sequence;
  }

  @Override
  public EventRecorded withChain(String prevHash, String hash) {
    return new EventRecorded(entityKey, idempotencyKey, eventTime, ingestedAt, windowStart, late,
        amount, attributes, sequence, source, prevHash, hash);
  }
}
