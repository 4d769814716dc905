package io.tally.projections.repair;

import io.tally.ledger.LedgerState;
import java.util.concurrent.CompletionStage;

/** The entity's state rebuilt from its journal: the authority a repair rebuilds views from. */
public interface JournalReplay {

  CompletionStage<LedgerState> replay(String entityKey);
}
