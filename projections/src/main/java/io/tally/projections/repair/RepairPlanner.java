package io.tally.projections.repair;

import io.tally.ledger.LedgerState;
import io.tally.projections.window.WindowKey;
import io.tally.projections.window.WindowValues;
import io.tally.projections.window.WindowView;
import io.tally.projections.window.WindowViewRepository;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Plans a view-row repair from the journal: the current row, and the row as the entity's replayed
 * events say it must be. The rebuilt row's lastSeqNr is the entity's last replayed seqNr, so any
 * of those events the projection delivers later is skipped by the row guard (already included).
 */
public final class RepairPlanner {

  private final JournalReplay replay;
  private final WindowViewRepository views;
  private final Clock clock;

  public RepairPlanner(JournalReplay replay, WindowViewRepository views, Clock clock) {
    this.replay = replay;
    this.views = views;
    this.clock = clock;
  }

  public CompletionStage<RepairPlan> plan(WindowKey key, int slice) {
    return views.find(slice, key).thenCompose(current ->
        replay.replay(key.entityKey()).thenApply(state -> plan(key, slice, current, state)));
  }

  private RepairPlan plan(WindowKey key, int slice, Optional<WindowView> current, LedgerState state) {
    long version = current.map(v -> v.version() + 1).orElse(1L);
    Optional<WindowView> rebuilt = state.windows().stream()
        .filter(w -> w.windowStart().equals(key.windowStart()))
        .findFirst()
        .map(w -> new WindowView(key.entityKey(), slice, key.windowStart(), WindowValues.of(w),
            Math.max(state.lastSeqNr(), current.map(WindowView::lastSeqNr).orElse(0L)), version,
            clock.instant()));
    return new RepairPlan(key, slice, current, rebuilt);
  }
}
