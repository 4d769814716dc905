package io.tally.bench.readside;

import io.tally.cluster.testing.Eventually;
import io.tally.bench.report.MarkdownTable;
import io.tally.bench.report.ResultsReport;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Projection lag under a steady, paced load below saturation: requests of {@link #BATCH} events
 * over HTTP at a fixed rate (open loop), then the node's persist-to-view lag quantiles
 * ({@code tally_projection_lag_seconds}, the worst slice) once every accepted event is in a view:
 * estimated from the histogram's buckets (tally.metrics.histograms), as histogram_quantile does.
 */
public final class LagSection {

  /** The node's read-side settings for this section (as ReadSideBenchmark). */
  public static final String NODE_OVERRIDES = String.join("\n",
      "akka.persistence.cassandra.events-by-tag.eventual-consistency-delay = 200ms",
      "akka.persistence.cassandra.query.refresh-interval = 100ms",
      "tally.projections.drift.interval = 0s");
  private static final String LAG = "tally_projection_lag_seconds";
  private static final int BATCH = 10;
  private static final int ENTITIES = 200;
  private static final int MAX_IN_FLIGHT = 32;
  private static final Duration CATCH_UP = Duration.ofSeconds(120);

  private LagSection() {}

  public static void run(NodeHttp node, int eventsPerSecond, Duration steady, ResultsReport report)
      throws InterruptedException {
    long requests = eventsPerSecond * steady.toSeconds() / BATCH;
    long interval = TimeUnit.SECONDS.toNanos(1) * BATCH / eventsPerSecond;
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    AtomicLong accepted = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    ExecutorService senders = Executors.newFixedThreadPool(MAX_IN_FLIGHT);
    long start = System.nanoTime();
    for (long i = 0; i < requests; i++) {
      LockSupport.parkNanos(start + i * interval - System.nanoTime());
      if (!inFlight.tryAcquire(steady.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("lag load: no request slot within " + steady);
      }
      long first = i * BATCH;
      String entity = "lag-e" + (i % ENTITIES);
      senders.execute(() -> {
        try {
          node.ingest().write(entity, first, BATCH);
          accepted.addAndGet(BATCH);
        } catch (Exception e) {
          failed.incrementAndGet();
        } finally {
          inFlight.release();
        }
      });
    }
    senders.shutdown();
    if (!senders.awaitTermination(CATCH_UP.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("lag load did not finish");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Duration caughtUp = Eventually.await("views caught up", CATCH_UP,
        () -> node.metrics().sum(LAG + "_count", "slice=") >= accepted.get());
    PrometheusText metrics = node.metrics();
    MarkdownTable table = MarkdownTable.of("load", ">accepted", ">achieved (events/s)", ">lag p50 (ms)",
        ">lag p90 (ms)", ">lag p99 (ms)", ">views complete after load (ms)");
    table.row(String.format("paced %d events/s, %d-event requests, %d entities, %d s", eventsPerSecond, BATCH,
            ENTITIES, steady.toSeconds()),
        accepted.get(), accepted.get() / seconds,
        1000 * metrics.maxQuantile(LAG, 0.5, "slice="), 1000 * metrics.maxQuantile(LAG, 0.9, "slice="),
        1000 * metrics.maxQuantile(LAG, 0.99, "slice="), caughtUp.toMillis());
    report.heading("Projection lag, persist → window view (worst of the slices; eventual-consistency-delay "
        + "200 ms, refresh 100 ms)");
    report.table(table);
    if (failed.get() > 0) {
      report.note(failed.get() + " requests failed during the lag load.");
    }
  }
}
