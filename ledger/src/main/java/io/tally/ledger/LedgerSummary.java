package io.tally.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only copy of an entity's state, the reply to {@code GetState}.
 *
 * @param balance sum of live amounts (recorded minus retracted)
 * @param counts durable counters
 * @param duplicatesSeen duplicates answered since this entity incarnation started. NOT durable:
 *     a duplicate persists nothing, so the count restarts at 0 after passivation, rebalancing or
 *     restart. The HTTP layer's outcome metrics are the durable-enough duplicate rate.
 * @param attributes current values (removed attributes absent)
 * @param deletedAt event time of the tombstone in force, if deleted
 * @param sequences producer sequence tracking per source
 * @param lastSeqNr journal sequence number of the last event
 * @param lastHash hash of the last event
 * @param lastIngestedAt ingestedAt of the last event ({@link Instant#EPOCH} when new)
 * @param pendingRetractions retractions waiting for their target
 * @param retainedKeys idempotency keys remembered (all ever used)
 * @param windows retained window aggregates, oldest first
 */
public record LedgerSummary(
    String entityKey,
    BigDecimal balance,
    LedgerCounts counts,
    long duplicatesSeen,
    Map<String, AttributeValue> attributes,
    boolean deleted,
    Optional<Instant> deletedAt,
    Map<String, ProducerSequence> sequences,
    long lastSeqNr,
    String lastHash,
    Instant lastIngestedAt,
    int pendingRetractions,
    long retainedKeys,
    List<WindowAggregate> windows)
    implements LedgerSerializable {

  public LedgerSummary {
    attributes = Map.copyOf(attributes);
    deletedAt = deletedAt == null ? Optional.empty() : deletedAt;
    sequences = Map.copyOf(sequences);
    windows = List.copyOf(windows);
  }

  public static LedgerSummary of(LedgerState state, long duplicatesSeen) {
    return new LedgerSummary(
        state.entityKey(),
        state.balance(),
        state.counts(),
        duplicatesSeen,
        state.currentAttributes(),
        state.deleted(),
        state.deletion().map(Deletion::deletedAt),
        state.sequences(),
        state.lastSeqNr(),
        state.lastHash(),
        state.lastIngestedAt(),
        state.pendingRetractions().size(),
        state.keys().size(),
        state.windows());
  }

  /** The retained aggregate of a window, if any. */
  public Optional<WindowAggregate> window(Instant windowStart) {
    return windows.stream().filter(w -> w.windowStart().equals(windowStart)).findFirst();
  }
}
