package io.tally.projections.drift;

import io.tally.ledger.LedgerSummary;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The write side's account of what should exist, independent of the tag stream the projection
 * reads: which entities took events recently, and each entity's own retained window aggregates.
 */
public interface ExpectedWindows {

  /** Every entity that took events at or after {@code since} (by ingest time). */
  CompletionStage<List<String>> entities(Instant since);

  /** The entity actor's state, including its retained window aggregates. */
  CompletionStage<LedgerSummary> state(String entityKey);
}
