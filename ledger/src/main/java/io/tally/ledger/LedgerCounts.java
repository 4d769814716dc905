package io.tally.ledger;

/**
 * Durable counters of an entity (rebuilt identically by replay).
 *
 * @param events every persisted event
 * @param recorded {@link EventRecorded} events
 * @param retracted {@link EventRetracted} events (targets neutralised)
 * @param late events persisted with {@code late = true} (a resolved pending retraction counts
 *     once, at its {@link RetractionPending})
 * @param voidedRetractions pending retractions dropped because their target key arrived as a
 *     retraction, tombstone or restore, which cannot be retracted
 * @param untrackedSequences events whose producer sequence was not tracked (too many sources)
 */
public record LedgerCounts(
    long events,
    long recorded,
    long retracted,
    long late,
    long voidedRetractions,
    long untrackedSequences) {

  public static final LedgerCounts ZERO = new LedgerCounts(0, 0, 0, 0, 0, 0);

  LedgerCounts plusEvent() {
    return new LedgerCounts(events + 1, recorded, retracted, late, voidedRetractions,
        untrackedSequences);
  }

  LedgerCounts plusRecorded() {
    return new LedgerCounts(events, recorded + 1, retracted, late, voidedRetractions,
        untrackedSequences);
  }

  LedgerCounts plusRetracted() {
    return new LedgerCounts(events, recorded, retracted + 1, late, voidedRetractions,
        untrackedSequences);
  }

  LedgerCounts plusLate() {
    return new LedgerCounts(events, recorded, retracted, late + 1, voidedRetractions,
        untrackedSequences);
  }

  LedgerCounts plusVoided() {
    return new LedgerCounts(events, recorded, retracted, late, voidedRetractions + 1,
        untrackedSequences);
  }

  LedgerCounts plusUntrackedSequence() {
    return new LedgerCounts(events, recorded, retracted, late, voidedRetractions,
        untrackedSequences + 1);
  }
}
