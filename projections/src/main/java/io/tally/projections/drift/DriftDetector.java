package io.tally.projections.drift;

import akka.actor.typed.ActorSystem;
import akka.japi.Pair;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.tally.ledger.EventTimeWindows;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.Slices;
import io.tally.ledger.WindowAggregate;
import io.tally.projections.ProjectionSettings;
import io.tally.projections.window.WindowValues;
import io.tally.projections.window.WindowView;
import io.tally.projections.window.WindowViewRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Finds divergence between the window views and the write side for closed windows in the
 * lookback. What should exist comes from {@link ExpectedWindows} (the journal's persistence ids
 * and the entity actors' own aggregates), never from the tag stream the projection reads, so an
 * event missing from eventsByTag shows up as a difference.
 *
 * <p>Per slice-window partition the two sides are compared by one combined digest; only the
 * partitions that differ are bisected to entities.
 */
public final class DriftDetector {

  /** What one detection found. */
  public record Detection(Instant at, int entitiesChecked, int entitiesDeferred, int sliceWindowsChecked,
      int sliceWindowsDiverged, List<Discrepancy> discrepancies) {}

  private final ExpectedWindows expected;
  private final WindowViewRepository views;
  private final EventTimeWindows windows;
  private final int slices;
  private final int windowRetention;
  private final ProjectionSettings settings;
  private final Clock clock;
  private final ActorSystem<?> system;

  public DriftDetector(ExpectedWindows expected, WindowViewRepository views, EventTimeWindows windows,
      int slices, int windowRetention, ProjectionSettings settings, Clock clock, ActorSystem<?> system) {
    this.expected = expected;
    this.views = views;
    this.windows = windows;
    this.slices = slices;
    this.windowRetention = windowRetention;
    this.settings = settings;
    this.clock = clock;
    this.system = system;
  }

  public CompletionStage<Detection> detect(UUID runId) {
    Instant now = clock.instant();
    Instant settledBefore = now.minus(settings.settleTime());
    Instant last = lastClosedWindow(now);
    Instant first = windows.startOf(now.minus(settings.driftLookback()));
    return expected.entities()
        .thenCompose(keys -> Source.from(keys)
            .mapAsyncUnordered(settings.entityParallelism(), expected::state)
            .runWith(Sink.seq(), system))
        .thenCompose(states -> {
          Side side = expectedSide(states, settledBefore, first, last);
          List<Pair<Integer, Instant>> partitions = new ArrayList<>();
          for (int s = 0; s < slices; s++) {
            for (Instant w = first; !w.isAfter(last); w = windows.endOf(w)) {
              partitions.add(Pair.create(s, w));
            }
          }
          return Source.from(partitions)
              .mapAsync(settings.entityParallelism(),
                  p -> views.slice(p.first(), p.second()).thenApply(rows -> compare(runId, now, side,
                      settledBefore, p.first(), p.second(), rows)))
              .runWith(Sink.seq(), system)
              .thenApply(results -> {
                List<Discrepancy> found = new ArrayList<>();
                int diverged = 0;
                for (List<Discrepancy> r : results) {
                  diverged += r.isEmpty() ? 0 : 1;
                  found.addAll(r);
                }
                return new Detection(now, side.checked, side.deferred.size(), partitions.size(), diverged, found);
              });
        });
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
    final Set<String> deferred = new HashSet<>();
    /** Per known entity: the oldest window it still retains (older ones cannot be compared). */
    final Map<String, Instant> retainedFrom = new HashMap<>();
    int checked;
  }

  private Side expectedSide(List<LedgerSummary> states, Instant settledBefore, Instant first, Instant last) {
    Side side = new Side();
    for (LedgerSummary s : states) {
      if (s.lastIngestedAt().isAfter(settledBefore)) {
        side.deferred.add(s.entityKey());
        continue;
      }
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
          : !side.deferred.contains(row.entityKey()) && row.updatedAt().isBefore(settledBefore);
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
