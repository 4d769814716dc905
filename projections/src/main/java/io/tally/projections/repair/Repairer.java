package io.tally.projections.repair;

import io.tally.projections.window.RowWrite;
import io.tally.projections.window.WindowCorrection;
import io.tally.projections.window.WindowKey;
import io.tally.projections.window.WindowValues;
import io.tally.projections.window.WindowView;
import io.tally.projections.window.WindowViewRepository;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Applies repair plans with the same compare-and-set the projection handler uses: the write
 * succeeds only if the row is still the one planned from. When the projection changed it in
 * between, the plan is rebuilt (new replay) and retried; a plan that changes nothing writes
 * nothing. Idempotent: repeating a repair re-plans to NO_CHANGE.
 */
public final class Repairer {

  private final RepairPlanner planner;
  private final WindowViewRepository views;
  private final Clock clock;
  private final int attempts;

  public Repairer(RepairPlanner planner, WindowViewRepository views, Clock clock, int attempts) {
    this.planner = planner;
    this.views = views;
    this.clock = clock;
    this.attempts = attempts;
  }

  public RepairPlanner planner() {
    return planner;
  }

  /** Completes with the plan that was written (or found to change nothing); fails after attempts. */
  public CompletionStage<RepairPlan> repair(WindowKey key, int slice) {
    return attempt(key, slice, attempts);
  }

  private CompletionStage<RepairPlan> attempt(WindowKey key, int slice, int left) {
    return planner.plan(key, slice).thenCompose(plan -> {
      if (plan.changesNothing()) {
        return CompletableFuture.completedFuture(plan);
      }
      long expected = plan.before().map(WindowView::lastSeqNr).orElse(0L);
      List<WindowCorrection> restatement = plan.after().map(after -> List.of(new WindowCorrection(
          key.entityKey(), key.windowStart(), after.version(),
          plan.before().map(WindowView::values).orElse(WindowValues.EMPTY), after.values(),
          after.lastSeqNr(), "repair", clock.instant()))).orElse(List.of());
      return views.write(new RowWrite(key, slice, expected, plan.after(), restatement)).thenCompose(ok -> {
        if (ok) {
          return CompletableFuture.completedFuture(plan);
        }
        if (left <= 1) {
          throw new IllegalStateException("repair of " + key + " kept losing races with the projection");
        }
        return attempt(key, slice, left - 1);
      });
    });
  }
}
