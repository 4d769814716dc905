package io.tally.projections.repair;

import io.tally.projections.window.RowRepairResult;
import io.tally.projections.window.SliceRepairs;
import io.tally.projections.window.WindowKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Repairs a view row: rebuilds it from the journal and has the slice's single writer apply it
 * (the writer is the only one that changes the slice's rows, so a repair and the projection never
 * overwrite each other). When the projection has already applied events the replay did not see,
 * the row is rebuilt again, at most {@code attempts} times. Idempotent: repeating a repair finds
 * the row unchanged.
 */
public final class Repairer {

  private final RepairPlanner planner;
  private final SliceRepairs writers;
  private final int attempts;

  public Repairer(RepairPlanner planner, SliceRepairs writers, int attempts) {
    this.planner = planner;
    this.writers = writers;
    this.attempts = attempts;
  }

  public RepairPlanner planner() {
    return planner;
  }

  /** Completes with the change the writer made (or found unneeded); fails after attempts. */
  public CompletionStage<RepairPlan> repair(WindowKey key, int slice) {
    return attempt(key, slice, attempts);
  }

  private CompletionStage<RepairPlan> attempt(WindowKey key, int slice, int left) {
    return planner.rebuild(key, slice).thenCompose(writers::repair).thenCompose(result -> {
      if (result instanceof RowRepairResult.Applied a) {
        return CompletableFuture.completedFuture(new RepairPlan(key, slice, a.before(), a.after()));
      }
      if (result instanceof RowRepairResult.Unchanged u) {
        return CompletableFuture.completedFuture(new RepairPlan(key, slice, u.current(), u.current()));
      }
      if (result instanceof RowRepairResult.Failed f) {
        throw new IllegalStateException("repair of " + key + " failed in the slice's writer: " + f.reason());
      }
      if (left <= 1) {
        throw new IllegalStateException("repair of " + key + " kept being overtaken by the projection");
      }
      return attempt(key, slice, left - 1);
    });
  }
}
