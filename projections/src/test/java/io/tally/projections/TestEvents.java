package io.tally.projections;

import akka.persistence.query.Sequence;
import akka.projection.eventsourced.EventEnvelope;
import io.tally.ledger.EventRecorded;
import io.tally.ledger.EventRetracted;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Ledger events and envelopes as the journal would carry them. */
public final class TestEvents {

  public static final Instant W0 = Instant.parse("2026-11-21T12:00:00Z");
  public static final Instant W1 = Instant.parse("2026-11-21T12:01:00Z");

  private TestEvents() {}

  public static EventRecorded recorded(String entity, String key, Instant window, String amount, boolean late) {
    return new EventRecorded(entity, key, window.plusSeconds(1), window.plusSeconds(2), window, late,
        new BigDecimal(amount), Map.of(), Optional.empty(), "test", "prev", "hash");
  }

  public static EventRetracted retracted(String entity, String key, String target, long targetSeqNr,
      Instant targetWindow, Instant ownWindow, String amount, boolean targetClosed) {
    return new EventRetracted(entity, key, ownWindow.plusSeconds(1), ownWindow.plusSeconds(2), ownWindow,
        false, target, targetSeqNr, targetWindow, targetClosed, new BigDecimal(amount), Map.of(),
        Optional.empty(), Optional.empty(), "test", "prev", "hash");
  }

  public static EventEnvelope<LedgerEvent> envelope(long offset, long seqNr, LedgerEvent event) {
    return EventEnvelope.create(Sequence.apply(offset), LedgerEntity.persistenceId(event.entityKey()).id(), seqNr, event,
        System.currentTimeMillis());
  }
}
