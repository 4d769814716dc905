package io.tally.projections.drift;

import io.tally.ledger.LedgerSummary;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The write side's account of what should exist, independent of the tag stream the projection
 * reads: which entities exist, and each entity's own retained window aggregates.
 */
public interface ExpectedWindows {

  /** Every entity key with at least one event in the journal. */
  CompletionStage<List<String>> entities();

  /** The entity actor's state, including its retained window aggregates. */
  CompletionStage<LedgerSummary> state(String entityKey);
}
