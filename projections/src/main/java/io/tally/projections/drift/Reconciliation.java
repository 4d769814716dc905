package io.tally.projections.drift;

import io.tally.projections.repair.RepairRecord;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/** What the HTTP layer needs from reconciliation. Route tests stub it. */
public interface Reconciliation {

  /** Runs the detector now; empty when a run is already in progress on this node. */
  CompletionStage<Optional<DriftReport>> runNow(String trigger, String actor, boolean dryRun);

  /** The newest {@code limit} discrepancies. */
  default CompletionStage<List<Discrepancy>> discrepancies(int limit) {
    return discrepancies(limit, Optional.empty()).thenApply(RecordPage::items);
  }

  /** A page of at most {@code limit} discrepancies, newest first, older than {@code after} when given. */
  CompletionStage<RecordPage<Discrepancy>> discrepancies(int limit, Optional<UUID> after);

  /** The newest {@code limit} repairs. */
  default CompletionStage<List<RepairRecord>> repairs(int limit) {
    return repairs(limit, Optional.empty()).thenApply(RecordPage::items);
  }

  /** A page of at most {@code limit} repairs, newest first, older than {@code after} when given. */
  CompletionStage<RecordPage<RepairRecord>> repairs(int limit, Optional<UUID> after);

  /** Applies a proposed repair; the outcome says whether it was found and proposed. */
  CompletionStage<ApprovalOutcome> approve(UUID repairId, String actor);

  /** The result of an approval call. */
  sealed interface ApprovalOutcome {
    record Applied(RepairRecord repair) implements ApprovalOutcome {}

    record NotFound() implements ApprovalOutcome {}

    record NotProposed(RepairRecord repair) implements ApprovalOutcome {}
  }
}
