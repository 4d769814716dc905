package io.tally.ledger;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.tally.ledger.internal.AttributeHistory;
import io.tally.ledger.internal.CompactKeyStore;
import io.tally.ledger.internal.KeyEntry;
import io.tally.ledger.internal.KeyFingerprint;
import io.tally.ledger.internal.KeyIndex;
import io.tally.ledger.internal.PendingRetraction;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The state of one ledger entity, built only by {@link LedgerEventHandler} from its events; also
 * the snapshot. Immutable except {@code keys} (see {@link CompactKeyStore} for why and how).
 * Collections are never modified after construction; a transition copies only what it changes.
 *
 * @param lastSeqNr the journal sequence number of the last applied event (0 when new)
 * @param lastHash hash of the last event ({@link HashChain#GENESIS} when new)
 * @param lastIngestedAt ingestedAt of the last event ({@link Instant#EPOCH} when new)
 * @param attributes per attribute, its newest writes
 * @param deletion the tombstone in force, if any
 * @param sequences producer sequence tracking per source
 * @param windows the retained window aggregates, oldest first
 * @param pendingRetractions retractions waiting for their target, by target key
 * @param keys every idempotency key ever used
 */
public record LedgerState(
    String entityKey,
    long lastSeqNr,
    String lastHash,
    Instant lastIngestedAt,
    BigDecimal balance,
    LedgerCounts counts,
    Map<String, AttributeHistory> attributes,
    Optional<Deletion> deletion,
    Map<String, ProducerSequence> sequences,
    List<WindowAggregate> windows,
    Map<String, PendingRetraction> pendingRetractions,
    @JsonDeserialize(as = CompactKeyStore.class) KeyIndex keys)
    implements LedgerSerializable {

  public LedgerState {
    deletion = deletion == null ? Optional.empty() : deletion;
  }

  public static LedgerState empty(String entityKey) {
    return new LedgerState(entityKey, 0, HashChain.GENESIS, Instant.EPOCH, BigDecimal.ZERO,
        LedgerCounts.ZERO, Map.of(), Optional.empty(), Map.of(), List.of(), Map.of(),
        CompactKeyStore.EMPTY);
  }

  public boolean deleted() {
    return deletion.isPresent();
  }

  /** What the entity remembers about an idempotency key. */
  public Optional<KeyEntry> findKey(String idempotencyKey) {
    return keys.find(KeyFingerprint.of(idempotencyKey));
  }

  /** Current attribute values; removed attributes are absent. Sorted by name. */
  public Map<String, AttributeValue> currentAttributes() {
    Map<String, AttributeValue> current = new TreeMap<>();
    attributes.forEach((name, history) -> {
      AttributeValue value = history.currentValue();
      if (!value.isNull()) {
        current.put(name, value);
      }
    });
    return current;
  }

  /**
   * A copy whose transitions never touch this state's key store: for planning a batch, or for
   * any caller that wants {@link LedgerEventHandler#apply} to be purely functional.
   */
  public LedgerState fork() {
    return withKeys(keys.fork());
  }

  LedgerState advancedBy(LedgerEvent event) {
    return new LedgerState(entityKey, lastSeqNr + 1, event.hash(), event.ingestedAt(), balance,
        counts.plusEvent(), attributes, deletion, sequences, windows, pendingRetractions, keys);
  }

  LedgerState withKeys(KeyIndex value) {
    return new LedgerState(entityKey, lastSeqNr, lastHash, lastIngestedAt, balance, counts,
        attributes, deletion, sequences, windows, pendingRetractions, value);
  }

  LedgerState withBalance(BigDecimal value) {
    return new LedgerState(entityKey, lastSeqNr, lastHash, lastIngestedAt, value, counts,
        attributes, deletion, sequences, windows, pendingRetractions, keys);
  }

  LedgerState withCounts(LedgerCounts value) {
    return new LedgerState(entityKey, lastSeqNr, lastHash, lastIngestedAt, balance, value,
        attributes, deletion, sequences, windows, pendingRetractions, keys);
  }

  LedgerState withAttributes(Map<String, AttributeHistory> value) {
    return new LedgerState(entityKey, lastSeqNr, lastHash, lastIngestedAt, balance, counts,
        value, deletion, sequences, windows, pendingRetractions, keys);
  }

  LedgerState withDeletion(Optional<Deletion> value) {
    return new LedgerState(entityKey, lastSeqNr, lastHash, lastIngestedAt, balance, counts,
        attributes, value, sequences, windows, pendingRetractions, keys);
  }

  LedgerState withSequences(Map<String, ProducerSequence> value) {
    return new LedgerState(entityKey, lastSeqNr, lastHash, lastIngestedAt, balance, counts,
        attributes, deletion, value, windows, pendingRetractions, keys);
  }

  LedgerState withWindows(List<WindowAggregate> value) {
    return new LedgerState(entityKey, lastSeqNr, lastHash, lastIngestedAt, balance, counts,
        attributes, deletion, sequences, value, pendingRetractions, keys);
  }

  LedgerState withPendingRetractions(Map<String, PendingRetraction> value) {
    return new LedgerState(entityKey, lastSeqNr, lastHash, lastIngestedAt, balance, counts,
        attributes, deletion, sequences, windows, value, keys);
  }
}
