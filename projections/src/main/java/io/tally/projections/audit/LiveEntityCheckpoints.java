package io.tally.projections.audit;

import io.tally.ledger.LedgerService;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The running entity's state, asked through {@link LedgerService} (in a node only). An entity
 * with no events has nothing to compare.
 */
public final class LiveEntityCheckpoints implements CheckpointSource {

  private final LedgerService ledger;

  public LiveEntityCheckpoints(LedgerService ledger) {
    this.ledger = ledger;
  }

  @Override
  public CompletionStage<Optional<Checkpoint>> load(String entityKey) {
    return ledger.state(entityKey).thenApply(summary -> summary.lastSeqNr() == 0 ? Optional.empty()
        : Optional.of(new Checkpoint(BreakKind.LIVE_STATE_MISMATCH, "live entity", summary.lastSeqNr(),
            summary)));
  }
}
