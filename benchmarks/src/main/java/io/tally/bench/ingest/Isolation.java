package io.tally.bench.ingest;

import com.typesafe.config.Config;
import io.tally.bench.readside.NodeHttp;
import io.tally.bench.readside.PrometheusText;
import io.tally.projections.metrics.TallyMetrics;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps Tally's background work out of the cells: before each one waits, bounded, until the
 * window-view projection has applied every event Tally accepted so far and has then applied
 * nothing for a quiet period (events answered {@code unavailable} may still have been persisted
 * and arrive late); the drift detector is configured to run only on demand
 * ({@link #NODE_OVERRIDES}) and nobody asks it. Read from the node's {@code /metrics}:
 * {@code tally_projection_events_total} (events applied to views, summed over slices) and
 * {@code tally_detector_runs_total}.
 */
public final class Isolation {

  /** The ingest node's settings: no periodic drift-detector runs (reference.conf: 0 = only on demand). */
  public static final String NODE_OVERRIDES = "tally.projections.drift.interval = 0s";
  private static final String DRIFT_INTERVAL = "tally.projections.drift.interval";
  /** How often /metrics is read while waiting. */
  private static final Duration POLL = Duration.ofMillis(100);
  /** The quiet period is at least this, and at least one eventsByTag delay + refresh + group. */
  private static final Duration LEAST_QUIET = Duration.ofSeconds(1);

  /** The state before a cell, to compare with after it. */
  public record Before(long applied, long lagEvents, boolean caughtUp, Duration waited, long detectorRuns) {}

  private final NodeHttp http;
  private final boolean detectorPeriodic;
  private final Duration quiet;
  private long tallyAccepted;
  private long lastApplied = -1;
  private long lastChangeNanos;

  public Isolation(NodeHttp http, Config config) {
    this.http = http;
    this.detectorPeriodic = !config.getDuration(DRIFT_INTERVAL).isZero();
    this.quiet = quietPeriod(config);
  }

  static Duration quietPeriod(Config config) {
    Duration readSide = config.getDuration("akka.persistence.cassandra.events-by-tag.eventual-consistency-delay")
        .plus(config.getDuration("akka.persistence.cassandra.query.refresh-interval"))
        .plus(config.getDuration("tally.projections.window-views.group-after-duration"));
    return readSide.compareTo(LEAST_QUIET) > 0 ? readSide : LEAST_QUIET;
  }

  public boolean detectorPeriodic() {
    return detectorPeriodic;
  }

  public Duration quiet() {
    return quiet;
  }

  /** Events Tally accepted in a load (warm-up and drain included): the projection has them to apply. */
  public synchronized void tallyAccepted(long events) {
    tallyAccepted += events;
  }

  /** Waits at most {@code bound} for the projection to catch up and be quiet. */
  public Before await(Duration bound) {
    long start = System.nanoTime();
    long deadline = start + bound.toNanos();
    long target = accepted();
    PrometheusText metrics = observe();
    while (lastApplied < target || System.nanoTime() - lastChangeNanos < quiet.toNanos()) {
      if (System.nanoTime() >= deadline) {
        return new Before(lastApplied, Math.max(0, target - lastApplied), false,
            Duration.ofNanos(System.nanoTime() - start), detectorRuns(metrics));
      }
      LockSupport.parkNanos(POLL.toNanos());
      metrics = observe();
    }
    return new Before(lastApplied, 0, true, Duration.ofNanos(System.nanoTime() - start), detectorRuns(metrics));
  }

  /** The check of one cell, from its state before and the node's state now. */
  public IsolationCheck after(Before before, String section, String cell, String writer, boolean baseline) {
    PrometheusText metrics = observe();
    return new IsolationCheck(section, cell, writer, baseline, before.caughtUp(), before.lagEvents(),
        before.applied(), before.waited(), detectorPeriodic, detectorRuns(metrics) - before.detectorRuns(),
        lastApplied - before.applied());
  }

  /** Reads /metrics and notes when the applied count last moved (across cells: a quiet node needs no new wait). */
  private PrometheusText observe() {
    PrometheusText metrics = http.metrics();
    long applied = applied(metrics);
    if (applied != lastApplied) {
      lastApplied = applied;
      lastChangeNanos = System.nanoTime();
    }
    return metrics;
  }

  private synchronized long accepted() {
    return tallyAccepted;
  }

  private static long applied(PrometheusText metrics) {
    return (long) metrics.sum(TallyMetrics.PROJECTION_EVENTS, "slice=");
  }

  private static long detectorRuns(PrometheusText metrics) {
    return (long) metrics.sum(TallyMetrics.DETECTOR_RUNS, "outcome=");
  }
}
