package io.tally.projections.repair;

import io.tally.ledger.LedgerState;
import io.tally.projections.window.RowRepair;
import io.tally.projections.window.WindowKey;
import io.tally.projections.window.WindowValues;
import io.tally.projections.window.WindowView;
import io.tally.projections.window.WindowViewRepository;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Rebuilds a view row from the journal: the entity's events replayed through the ledger's own
 * rules, up to the last seqNr the replay read. {@link #plan} sets it beside the current row (for
 * dry runs and proposals); {@link #rebuild} is what a repair sends to the slice's writer.
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

  public CompletionStage<RowRepair> rebuild(WindowKey key, int slice) {
    return replay.replay(key.entityKey()).thenApply(state -> rebuilt(key, slice, state));
  }

  public CompletionStage<RepairPlan> plan(WindowKey key, int slice) {
    return views.find(slice, key).thenCompose(current -> rebuild(key, slice).thenApply(r -> {
      long version = current.map(v -> v.version() + 1).orElse(1L);
      Optional<WindowView> after = r.rebuilt().map(values -> new WindowView(key.entityKey(), slice,
          key.windowStart(), values, r.rebuiltUpTo(), version, clock.instant()));
      return new RepairPlan(key, slice, current, after);
    }));
  }

  private static RowRepair rebuilt(WindowKey key, int slice, LedgerState state) {
    Optional<WindowValues> values = state.windows().stream()
        .filter(w -> w.windowStart().equals(key.windowStart()))
        .findFirst()
        .map(WindowValues::of);
    return new RowRepair(key, slice, values, state.lastSeqNr());
  }
}
