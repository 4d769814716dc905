package io.tally.projections.drift;

import io.tally.projections.repair.RepairRecord;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/** Discrepancy and repair records. */
public interface ReconciliationStore {

  CompletionStage<Void> save(Discrepancy discrepancy);

  CompletionStage<Void> save(RepairRecord repair);

  /** Newest first, at most {@code limit}. */
  default CompletionStage<List<Discrepancy>> discrepancies(int limit) {
    return discrepancies(limit, Optional.empty());
  }

  /** Newest first, at most {@code limit}, only those older than the record {@code after} (time-based id). */
  CompletionStage<List<Discrepancy>> discrepancies(int limit, Optional<UUID> after);

  /** Newest first, at most {@code limit}. */
  default CompletionStage<List<RepairRecord>> repairs(int limit) {
    return repairs(limit, Optional.empty());
  }

  /** Newest first, at most {@code limit}, only those older than the record {@code after} (time-based id). */
  CompletionStage<List<RepairRecord>> repairs(int limit, Optional<UUID> after);

  CompletionStage<Optional<RepairRecord>> repair(UUID id);

  /** Moves a proposed repair to APPROVING for this actor; false when it was no longer proposed. */
  CompletionStage<Boolean> claim(RepairRecord proposed, String actor);

  /** Records the outcome of a claimed (APPROVING) repair. */
  CompletionStage<Void> complete(RepairRecord repair);
}
