package io.tally.projections.drift;

import io.tally.ledger.LedgerService;
import io.tally.ledger.LedgerSummary;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Entities from the write side's activity record ({@link EntityActivity}, written before events
 * are persisted, never from the tag table), aggregates from the entity actors themselves. Only
 * recently active entities are asked, so no other entity is woken.
 */
public final class LedgerExpectedWindows implements ExpectedWindows {

  private final EntityActivity activity;
  private final LedgerService ledger;

  public LedgerExpectedWindows(EntityActivity activity, LedgerService ledger) {
    this.activity = activity;
    this.ledger = ledger;
  }

  @Override
  public CompletionStage<List<String>> entities(Instant since) {
    return activity.activeSince(since);
  }

  @Override
  public CompletionStage<LedgerSummary> state(String entityKey) {
    return ledger.state(entityKey);
  }
}
