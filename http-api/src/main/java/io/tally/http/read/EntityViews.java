package io.tally.http.read;

import io.tally.http.dto.EntityState;
import io.tally.http.dto.JournalEvent;
import io.tally.ledger.AttributeValue;
import io.tally.ledger.EntityRestored;
import io.tally.ledger.EntityTombstoned;
import io.tally.ledger.EventRecorded;
import io.tally.ledger.EventRetracted;
import io.tally.ledger.LedgerEvent;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.ProducerSequence;
import io.tally.ledger.RetractionPending;
import io.tally.ledger.WindowAggregate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Maps the ledger's state and events to the API's wire records (never the domain types). */
public final class EntityViews {

  private EntityViews() {}

  public static EntityState state(LedgerSummary s) {
    Map<String, EntityState.Sequence> sequences = new TreeMap<>();
    s.sequences().forEach((source, seq) -> sequences.put(source, sequence(seq)));
    return new EntityState(
        s.entityKey(),
        s.balance(),
        s.deleted(),
        s.deletedAt().orElse(null),
        attributes(s.attributes()),
        new EntityState.Counts(
            s.counts().events(), s.counts().recorded(), s.counts().retracted(), s.counts().late(),
            s.counts().voidedRetractions(), s.counts().untrackedSequences(), s.duplicatesSeen()),
        sequences,
        s.lastSeqNr(),
        s.lastHash(),
        s.lastSeqNr() == 0 ? null : s.lastIngestedAt(),
        s.pendingRetractions(),
        s.retainedKeys(),
        s.windows().stream().map(EntityViews::window).toList());
  }

  public static JournalEvent event(long seqNr, LedgerEvent e) {
    JournalEvent.Common common = new JournalEvent.Common(seqNr, e.idempotencyKey(), e.eventTime(), e.ingestedAt(),
        e.windowStart(), e.late(), e.sequence().orElse(null), e.source(), e.prevHash(), e.hash());
    if (e instanceof EventRecorded r) {
      return JournalEvent.recorded(common, r.amount(), attributes(r.attributes()));
    } else if (e instanceof EventRetracted r) {
      return JournalEvent.retracted(common, r.reversedAmount(), r.targetIdempotencyKey(), r.targetWindowStart(),
          attributes(r.restoredAttributes()));
    } else if (e instanceof RetractionPending r) {
      return JournalEvent.retractionPending(common, r.targetIdempotencyKey());
    } else if (e instanceof EntityTombstoned) {
      return JournalEvent.tombstoned(common);
    } else if (e instanceof EntityRestored) {
      return JournalEvent.restored(common);
    }
    throw new IllegalStateException("unknown ledger event " + e.getClass().getName());
  }

  /** Attribute values as native JSON: numbers stay exact decimals, null stays null. */
  static Map<String, Object> attributes(Map<String, AttributeValue> attributes) {
    Map<String, Object> out = new LinkedHashMap<>();
    new TreeMap<>(attributes).forEach((name, value) -> out.put(name, switch (value.kind()) {
      case STRING -> value.value();
      case NUMBER -> value.asNumber();
      case BOOLEAN -> value.asBoolean();
      case NULL -> null;
    }));
    return out;
  }

  private static EntityState.Sequence sequence(ProducerSequence p) {
    return new EntityState.Sequence(
        p.lastSequence(), p.gapCount(), p.outOfOrderCount(),
        p.missing().stream().map(r -> new EntityState.Range(r.from(), r.to())).toList(),
        p.droppedRanges());
  }

  private static EntityState.Window window(WindowAggregate w) {
    return new EntityState.Window(w.windowStart(), w.count(), w.sum(),
        Long.toUnsignedString(w.digest(), 16), w.lateCount(), w.retractedCount());
  }
}
