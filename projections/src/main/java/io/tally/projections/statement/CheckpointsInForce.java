package io.tally.projections.statement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * The reconciliation checkpoints an audit checks: of each source and period, the one compared
 * last. A statement of the same source and period compared again (after missing records were
 * applied, or a corrected file) supersedes the earlier checkpoint, whose windows then no longer
 * describe the reconciled state; windows of a batch that never finished have no checkpoint at all.
 */
public record CheckpointsInForce(Set<String> batchIds) {

  public static final CheckpointsInForce NONE = new CheckpointsInForce(Set.of());

  private record Period(String source, Optional<Instant> from, Optional<Instant> to) {}

  private static final Comparator<ReconciliationCheckpoint> LATEST =
      Comparator.comparing(ReconciliationCheckpoint::comparedAt).thenComparing(ReconciliationCheckpoint::batchId);

  public CheckpointsInForce {
    batchIds = Set.copyOf(batchIds);
  }

  public static CheckpointsInForce of(Collection<ReconciliationCheckpoint> checkpoints) {
    Map<Period, ReconciliationCheckpoint> latest = new HashMap<>();
    for (ReconciliationCheckpoint c : checkpoints) {
      latest.merge(new Period(c.source(), c.periodFrom(), c.periodTo()), c,
          (a, b) -> LATEST.compare(a, b) >= 0 ? a : b);
    }
    return new CheckpointsInForce(latest.values().stream().map(ReconciliationCheckpoint::batchId)
        .collect(Collectors.toSet()));
  }

  /**
   * Lists every checkpoint of the store, {@code pageSize} at a time.
   *
   * @throws IllegalStateException (failing the stage) past {@code maxCheckpoints}
   */
  public static CompletionStage<CheckpointsInForce> read(CheckpointStore store, int pageSize, int maxCheckpoints) {
    return page(store, pageSize, maxCheckpoints, Optional.empty(), new ArrayList<>()).thenApply(CheckpointsInForce::of);
  }

  private static CompletionStage<List<ReconciliationCheckpoint>> page(CheckpointStore store, int pageSize,
      int maxCheckpoints, Optional<String> token, List<ReconciliationCheckpoint> found) {
    return store.list(Optional.empty(), pageSize, token).thenCompose(page -> {
      found.addAll(page.checkpoints());
      if (found.size() > maxCheckpoints) {
        throw new IllegalStateException("more than " + maxCheckpoints + " reconciliation checkpoints"
            + " (tally.audit.max-reconciliation-checkpoints)");
      }
      return page.next().isEmpty() ? CompletableFuture.completedFuture(found)
          : page(store, pageSize, maxCheckpoints, page.next(), found);
    });
  }

  public boolean isEmpty() {
    return batchIds.isEmpty();
  }

  public boolean includes(String batchId) {
    return batchIds.contains(batchId);
  }
}
