package io.tally.projections.drift;

import io.tally.ledger.IngestOutcome;
import io.tally.ledger.LedgerService;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.ProposedEvent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The ledger as every producer reaches it: each ingest first records the entity's activity, then
 * goes to the entity. Recorded before the events are persisted, so no persisted event escapes the
 * detector's notice; an ingest whose record fails fails too (nothing sent, safe to retry).
 */
public final class ActivityRecordingLedger implements LedgerService {

  private final LedgerService ledger;
  private final EntityActivity activity;

  public ActivityRecordingLedger(LedgerService ledger, EntityActivity activity) {
    this.ledger = ledger;
    this.activity = activity;
  }

  @Override
  public CompletionStage<List<IngestOutcome>> ingest(String entityKey, List<ProposedEvent> events) {
    return ingest(entityKey, events, Optional.empty());
  }

  @Override
  public CompletionStage<List<IngestOutcome>> ingest(
      String entityKey, List<ProposedEvent> events, Optional<String> requestId) {
    return activity.record(entityKey).thenCompose(recorded -> ledger.ingest(entityKey, events, requestId));
  }

  @Override
  public CompletionStage<LedgerSummary> state(String entityKey) {
    return ledger.state(entityKey);
  }
}
