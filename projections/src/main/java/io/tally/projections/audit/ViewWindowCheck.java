package io.tally.projections.audit;

import io.tally.ledger.EventTimeWindows;
import io.tally.ledger.Slices;
import io.tally.ledger.WindowAggregate;
import io.tally.projections.window.WindowValues;
import io.tally.projections.window.WindowView;
import io.tally.projections.window.WindowViewRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares the window views with the aggregates an audit recomputed from the journal. Only
 * windows closed for at least {@code settleTime} are compared: an open window, or one whose last
 * events the projection has not applied yet, is not a finding (the drift detector uses the same
 * rule).
 */
public final class ViewWindowCheck implements WindowViewCheck {

  private final WindowViewRepository views;
  private final EventTimeWindows windows;
  private final int slices;
  private final Duration settleTime;
  private final Clock clock;

  public ViewWindowCheck(
      WindowViewRepository views, EventTimeWindows windows, int slices, Duration settleTime, Clock clock) {
    this.views = views;
    this.windows = windows;
    this.slices = slices;
    this.settleTime = settleTime;
    this.clock = clock;
  }

  @Override
  public CompletionStage<List<Finding>> check(String entityKey, List<WindowAggregate> recomputed) {
    Instant settledBefore = clock.instant().minus(settleTime);
    List<WindowAggregate> closed = recomputed.stream()
        .filter(w -> windows.closesAt(w.windowStart()).isBefore(settledBefore))
        .toList();
    if (closed.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    List<Instant> starts = closed.stream().map(WindowAggregate::windowStart).toList();
    return views.entity(entityKey, Slices.of(entityKey, slices), starts).thenApply(rows -> {
      Map<Instant, WindowView> byStart =
          rows.stream().collect(Collectors.toMap(WindowView::windowStart, Function.identity(), (a, b) -> a));
      List<Finding> findings = new ArrayList<>();
      for (WindowAggregate expected : closed) {
        WindowView view = byStart.get(expected.windowStart());
        WindowValues want = WindowValues.of(expected);
        if (view == null) {
          findings.add(Finding.of(entityKey, null, BreakKind.VIEW_MISMATCH,
              "window " + expected.windowStart() + " is missing from the views (journal: " + want + ")"));
        } else if (!view.values().equals(want)) {
          findings.add(Finding.of(entityKey, null, BreakKind.VIEW_MISMATCH,
              "window " + expected.windowStart() + ": view " + view.values() + ", journal " + want));
        }
      }
      return findings;
    });
  }
}
