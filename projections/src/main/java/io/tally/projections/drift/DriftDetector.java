package io.tally.projections.drift;

import akka.actor.typed.ActorSystem;
import akka.japi.Pair;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.tally.ledger.EventTimeWindows;
import io.tally.ledger.LedgerState;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.Slices;
import io.tally.ledger.WindowAggregate;
import io.tally.projections.ProjectionSettings;
import io.tally.projections.window.WindowValues;
import io.tally.projections.window.WindowView;
import io.tally.projections.window.WindowViewRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Finds divergence between the window views and the write side for settled windows in the
 * lookback. What should exist comes from {@link ExpectedWindows} (the write side's activity record
 * and the entity actors' own aggregates), never from the tag stream the projection reads, so an
 * event missing from eventsByTag shows up as a difference. Only entities active in the lookback
 * are asked: a run's cost follows recent activity, not every entity ever written.
 *
 * <p>Per slice-window partition the two sides are compared by one combined digest; only the
 * partitions that differ are bisected to entities.
 */
public final class DriftDetector {

  /**
   * What one detection found.
   *
   * @param pairsInFlight (entity, window) pairs that differed at first look and agreed on the
   *     re-check: changes still on their way to the view, not recorded
   */
  public record Detection(Instant at, int entitiesChecked, int pairsInFlight, int sliceWindowsChecked,
      int sliceWindowsDiverged, List<Discrepancy> discrepancies) {}

  private final ExpectedWindows expected;
  private final WindowViewRepository views;
  private final EventTimeWindows windows;
  private final int slices;
  private final int windowRetention;
  private final Duration maxFutureSkew;
  private final ProjectionSettings settings;
  private final Clock clock;
  private final ActorSystem<?> system;

  public DriftDetector(ExpectedWindows expected, WindowViewRepository views, EventTimeWindows windows,
      int slices, int windowRetention, Duration maxFutureSkew, ProjectionSettings settings, Clock clock,
      ActorSystem<?> system) {
    this.expected = expected;
    this.views = views;
    this.windows = windows;
    this.slices = slices;
    this.windowRetention = windowRetention;
    this.maxFutureSkew = maxFutureSkew;
    this.settings = settings;
    this.clock = clock;
    this.system = system;
  }

  /**
   * One pass over the windows settled by now: closed at least settle-time ago. A busy entity is
   * compared like any other: only its settled windows are, whatever its newest event. A pair that
   * differs is looked at again after recheck-delay and recorded only if both sides still differ;
   * it is detected when that second look confirms it.
   */
  public CompletionStage<Detection> detect(UUID runId, RunCancellation cancellation) {
    Instant now = clock.instant();
    Instant settledBefore = now.minus(settings.settleTime());
    Instant last = lastClosedWindow(settledBefore);
    Instant first = windows.startOf(now.minus(settings.driftLookback()));
    // An event of the first window was ingested at its start at the earliest, or up to
    // max-future-skew before it when its event time was ahead of the clock.
    return expected.entities(first.minus(maxFutureSkew))
        .thenCompose(keys -> Source.from(keys)
            .mapAsyncUnordered(settings.entityParallelism(), key -> cancellation.unlessCancelled(() -> expected.state(key)))
            .runWith(Sink.seq(), system))
        .thenCompose(states -> {
          Side side = expectedSide(states, first, last);
          List<Pair<Integer, Instant>> partitions = new ArrayList<>();
          for (int s = 0; s < slices; s++) {
            for (Instant w = first; !w.isAfter(last); w = windows.endOf(w)) {
              partitions.add(Pair.create(s, w));
            }
          }
          return Source.from(partitions)
              .mapAsync(settings.entityParallelism(), p -> cancellation.unlessCancelled(() ->
                  views.slice(p.first(), p.second()).thenApply(rows -> compare(runId, now, side,
                      settledBefore, p.first(), p.second(), rows))))
              .runWith(Sink.seq(), system)
              .thenCompose(results -> {
                List<Discrepancy> candidates = new ArrayList<>();
                int diverged = 0;
                for (List<Discrepancy> r : results) {
                  diverged += r.isEmpty() ? 0 : 1;
                  candidates.addAll(r);
                }
                int divergedPartitions = diverged;
                return recheck(candidates, side.retainedFrom.keySet(), cancellation).thenApply(confirmed ->
                    new Detection(now, side.checked, candidates.size() - confirmed.size(), partitions.size(),
                        divergedPartitions, confirmed));
              });
        });
  }

  /**
   * Reads both sides of each candidate again after recheck-delay (a timer, not a blocked
   * thread): a change that was on its way to the view when the first look was taken no longer
   * differs. What still differs is returned with the values of the second look.
   */
  private CompletionStage<List<Discrepancy>> recheck(List<Discrepancy> candidates, Set<String> asked,
      RunCancellation cancellation) {
    if (candidates.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    Executor later = CompletableFuture.delayedExecutor(settings.recheckDelay().toMillis(), TimeUnit.MILLISECONDS);
    return CompletableFuture.supplyAsync(() -> candidates, later).thenCompose(list -> Source.from(list)
        .mapAsync(settings.entityParallelism(), d -> cancellation.unlessCancelled(() -> stateOf(d.entityKey(), asked)
            .thenCombine(views.find(d.slice(), d.key()), (state, row) -> {
              List<WindowAggregate> retained = state.windows();
              if (retained.size() >= windowRetention && d.windowStart().isBefore(retained.get(0).windowStart())) {
                return Optional.<Discrepancy>empty(); // the entity no longer remembers this window
              }
              Map<String, WindowValues> e = new HashMap<>();
              state.window(d.windowStart()).ifPresent(w -> e.put(d.entityKey(), WindowValues.of(w)));
              Map<String, WindowValues> a = new HashMap<>();
              row.ifPresent(r -> a.put(d.entityKey(), r.values()));
              Instant confirmed = clock.instant();
              return WindowComparison.differences(e, a).stream()
                  .map(x -> new Discrepancy(Uuids.timeBased(), d.runId(), x.kind(), d.entityKey(), d.slice(),
                      d.windowStart(), x.expected(), x.actual(), confirmed))
                  .findFirst();
            })))
        .runWith(Sink.seq(), system)
        .thenApply(found -> found.stream().flatMap(Optional::stream).toList()));
  }

  /**
   * The entity's state for the re-check. An entity the run did not ask (no activity in the
   * lookback: its row is an extra one) is not asked now either, which would wake it; it has no
   * windows there.
   */
  private CompletionStage<LedgerSummary> stateOf(String entityKey, Set<String> asked) {
    return asked.contains(entityKey)
        ? expected.state(entityKey)
        : CompletableFuture.completedFuture(LedgerSummary.of(LedgerState.empty(entityKey), 0));
  }

  /** The newest window whose close (windowEnd + allowed-lateness) is at or before now. */
  Instant lastClosedWindow(Instant now) {
    Instant candidate = windows.startOf(now);
    while (windows.closesAt(candidate).isAfter(now)) {
      candidate = candidate.minus(windows.size());
    }
    return candidate;
  }

  private static final class Side {
    final Map<Integer, Map<Instant, Map<String, WindowValues>>> rows = new HashMap<>();
    /** Per known entity: the oldest window it still retains (older ones cannot be compared). */
    final Map<String, Instant> retainedFrom = new HashMap<>();
    int checked;
  }

  private Side expectedSide(List<LedgerSummary> states, Instant first, Instant last) {
    Side side = new Side();
    for (LedgerSummary s : states) {
      side.checked++;
      List<WindowAggregate> retained = s.windows();
      side.retainedFrom.put(s.entityKey(), retained.size() >= windowRetention
          ? retained.get(0).windowStart() : Instant.MIN);
      int slice = Slices.of(s.entityKey(), slices);
      for (WindowAggregate w : retained) {
        if (!w.windowStart().isBefore(first) && !w.windowStart().isAfter(last)) {
          side.rows.computeIfAbsent(slice, k -> new HashMap<>())
              .computeIfAbsent(w.windowStart(), k -> new HashMap<>())
              .put(s.entityKey(), WindowValues.of(w));
        }
      }
    }
    return side;
  }

  private List<Discrepancy> compare(UUID runId, Instant now, Side side, Instant settledBefore, int slice,
      Instant window, List<WindowView> rows) {
    Map<String, WindowValues> actual = new HashMap<>();
    for (WindowView row : rows) {
      Instant retainedFrom = side.retainedFrom.get(row.entityKey());
      boolean comparable = retainedFrom != null
          ? !window.isBefore(retainedFrom)
          // An entity we do not know: extra, unless it may simply be newer than our entity list.
          : row.updatedAt().isBefore(settledBefore);
      if (comparable) {
        actual.put(row.entityKey(), row.values());
      }
    }
    Map<String, WindowValues> expect = side.rows.getOrDefault(slice, Map.of()).getOrDefault(window, Map.of());
    if (WindowComparison.sameDigest(expect, actual)) {
      return List.of();
    }
    return WindowComparison.differences(expect, actual).stream()
        .map(d -> new Discrepancy(Uuids.timeBased(), runId, d.kind(), d.entityKey(), slice, window,
            d.expected(), d.actual(), now))
        .toList();
  }
}
