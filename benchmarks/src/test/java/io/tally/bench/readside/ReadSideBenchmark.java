package io.tally.bench.readside;

import static io.tally.projections.ReadSideNode.await;
import static org.junit.Assert.assertEquals;

import akka.projection.ProjectionId;
import akka.projection.javadsl.ProjectionManagement;
import io.tally.ledger.ProposedEvent;
import io.tally.projections.ReadSideNode;
import io.tally.projections.drift.DriftReport;
import io.tally.projections.metrics.TallyMetrics;
import io.tally.projections.window.WindowViewProjection;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;
import org.junit.Test;

/**
 * Not a test: measures (1) persist-to-view lag under steady ingest, (2) the cost of a clean
 * drift-detector pass over 10,000 entities, (3) the read side's own ceiling (a backlog applied
 * with nothing else running) and (4) whether a clean pass costs what the recent activity costs,
 * however many entities were written before, on the real Cassandra node. Run on demand:
 * {@code mvn -B -o -pl projections -am verify -Dit.test=ReadSideBenchmark -Dtest=NoSuch
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}.
 */
public class ReadSideBenchmark {

  /** Override with -Dbench.rate=N (events/s) and -Dbench.in-flight=N. */
  private static final int RATE_PER_SECOND = Integer.getInteger("bench.rate", 150);
  private static final Duration STEADY = Duration.ofSeconds(15);
  private static final int ENTITIES = 10_000;
  private static final int IN_FLIGHT = Integer.getInteger("bench.in-flight", 8);

  @org.junit.Rule public final akka.actor.testkit.typed.javadsl.LogCapturing logCapturing =
      new akka.actor.testkit.typed.javadsl.LogCapturing();

  private static void acquire(Semaphore inFlight) throws InterruptedException {
    if (!inFlight.tryAcquire(30, java.util.concurrent.TimeUnit.SECONDS)) {
      throw new AssertionError("no ingest completed within 30 s");
    }
  }

  @Test
  public void lagAndCleanPassCost() throws Exception {
    try (ReadSideNode node = ReadSideNode.start("read-side-bench", ReadSideNode.config(getClass(),
        "tally.ledger.slices = 8\n"
            + "tally.projections.drift.interval = 0s\n"
            + "tally.projections.drift.lookback = 120s\n"
            + "tally.projections.drift.entity-parallelism = 32\n"
            + "akka.loglevel = WARNING\n"))) {
      steadyIngestLag(node);
      cleanPass(node);
    }
  }

  /** Override with -Dbench.backlog=N (events). */
  private static final int BACKLOG = Integer.getInteger("bench.backlog", 60_000);
  private static final int BACKLOG_ENTITIES = 2_000;
  private static final int BACKLOG_EVENTS_PER_COMMAND = 10;
  private static final int SLICES = 8;

  /**
   * The read side's ceiling, apart from the write side's: every slice's projection paused, a
   * backlog written (one-minute windows), then all resumed at once; the rate at which the views
   * apply it is the most the read side can follow.
   */
  @Test
  public void backlogCatchUp() throws Exception {
    try (ReadSideNode node = ReadSideNode.start("read-side-backlog", ReadSideNode.config(getClass(),
        "tally.ledger.slices = " + SLICES + "\n"
            + "tally.ledger.window-size = 1m\n"
            + "tally.ledger.allowed-lateness = 30s\n"
            + "tally.projections.drift.interval = 0s\n"
            + "akka.loglevel = WARNING\n"))) {
      ProjectionManagement management =
          ProjectionManagement.get(node.testKit.system());
      List<ProjectionId> slices = IntStream.range(0, SLICES)
          .mapToObj(s -> WindowViewProjection.idOf(node.settings, s)).toList();
      for (ProjectionId id : slices) {
        await(management.pause(id));
      }
      double before = applied(node);
      Semaphore inFlight = new Semaphore(IN_FLIGHT);
      List<CompletableFuture<?>> all = new ArrayList<>();
      long written = System.nanoTime();
      for (int i = 0; i < BACKLOG / BACKLOG_EVENTS_PER_COMMAND; i++) {
        acquire(inFlight);
        String entity = "backlog-" + (i % BACKLOG_ENTITIES);
        List<ProposedEvent> events = new ArrayList<>();
        for (int j = 0; j < BACKLOG_EVENTS_PER_COMMAND; j++) {
          events.add(ProposedEvent.record(entity, "k" + i + "-" + j, Instant.now(), BigDecimal.ONE, "bench"));
        }
        CompletableFuture<?> f = node.ledger.ingest(entity, events).toCompletableFuture();
        f.whenComplete((r, e) -> inFlight.release());
        all.add(f);
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(300, java.util.concurrent.TimeUnit.SECONDS);
      double writeSeconds = (System.nanoTime() - written) / 1e9;
      long resumed = System.nanoTime();
      for (ProjectionId id : slices) {
        await(management.resume(id));
      }
      node.testKit.createTestProbe().awaitAssert(Duration.ofMinutes(10), Duration.ofMillis(100), () -> {
        assertEquals((double) BACKLOG, applied(node) - before, 0.0);
        return null;
      });
      double applySeconds = (System.nanoTime() - resumed) / 1e9;
      System.out.printf(Locale.ROOT, "tally-bench: backlog of %d events over %d entities (written in %.1f s, %.0f events/s,"
          + " projections paused); applied after resume in %.1f s: %.0f events/s%n", BACKLOG, BACKLOG_ENTITIES,
          writeSeconds, BACKLOG / writeSeconds, applySeconds, BACKLOG / applySeconds);
    }
  }

  /** Override with -Dbench.dormant=N (entities written before the lookback). */
  private static final int DORMANT = Integer.getInteger("bench.dormant", 99_000);
  private static final int ACTIVE = 1_000;
  private static final int PASSES = 3;
  private static final int WRITE_IN_FLIGHT = 64;
  /** Lookback 30 s + max-future-skew 1 s + one 5 s activity bucket, and a margin. */
  private static final Duration OUT_OF_LOOKBACK = Duration.ofSeconds(30 + 1 + 5 + 4);
  /** Window 1 s + allowed lateness 1 s + settle-time 2 s, and a margin. */
  private static final Duration SETTLED = Duration.ofSeconds(1 + 1 + 2 + 1);
  private static final String ACTIVITY_NODE = String.join("\n",
      "tally.ledger.slices = " + SLICES,
      "tally.ledger.max-future-skew = 1s",
      "tally.projections.drift.interval = 0s",
      "tally.projections.drift.lookback = 30s",
      "tally.projections.drift.activity.bucket = 5s",
      // Dormant entities passivate while they age out of the lookback, as they would in production.
      "akka.cluster.sharding.passivation.default-idle-strategy.idle-entity.timeout = 15s",
      "datastax-java-driver.advanced.metrics.session.enabled = [cql-requests]",
      "akka.loglevel = WARNING", "");

  /** Median of a clean pass: its time, the CQL requests the node sent meanwhile, entities asked. */
  private record PassCost(String store, double millis, long requests, int entitiesChecked, int sliceWindows) {}

  /**
   * A clean detector pass over a store of {@link #ACTIVE} recently active entities and
   * {@link #DORMANT} written before the lookback, against a store holding only the active ones:
   * the pass should cost the same (the dormant ones are neither listed nor woken).
   */
  @Test
  public void aCleanPassCostsWhatTheRecentActivityCosts() throws Exception {
    PassCost onlyActive = passCost("only the " + ACTIVE + " active entities", 0);
    PassCost withDormant = passCost(ACTIVE + " active + " + DORMANT + " written before the lookback", DORMANT);
    for (PassCost c : List.of(onlyActive, withDormant)) {
      System.out.printf(Locale.ROOT, "tally-bench: clean pass over %s: %.0f ms, %d CQL requests (whole node),"
          + " entities asked %d, slice-windows compared %d (median of %d)%n", c.store(), c.millis(), c.requests(),
          c.entitiesChecked(), c.sliceWindows(), PASSES);
    }
    System.out.printf(Locale.ROOT, "tally-bench: with dormant / only active: time %.2fx, CQL requests %.2fx%n",
        withDormant.millis() / onlyActive.millis(), (double) withDormant.requests() / onlyActive.requests());
  }

  private static PassCost passCost(String store, int dormant) throws Exception {
    try (ReadSideNode node = ReadSideNode.start("read-side-activity", ReadSideNode.config(ReadSideBenchmark.class,
        ACTIVITY_NODE))) {
      writeOneEventEach(node, "dormant-", dormant);
      if (dormant > 0) {
        node.awaitClock(Instant.now().plus(OUT_OF_LOOKBACK));
      }
      writeOneEventEach(node, "active-", ACTIVE);
      node.awaitClock(Instant.now().plus(SETTLED));
      List<PassCost> passes = new ArrayList<>();
      for (int pass = 0; pass < PASSES; pass++) {
        long before = cqlRequests(node);
        long t0 = System.nanoTime();
        DriftReport report = await(node.runtime.reconciliation().runNow("on-demand", "bench", false)).orElseThrow();
        double millis = (System.nanoTime() - t0) / 1e6;
        assertEquals(List.of(), report.discrepancies());
        passes.add(new PassCost(store, millis, cqlRequests(node) - before, report.entitiesChecked(),
            report.sliceWindowsChecked()));
      }
      passes.sort(java.util.Comparator.comparingDouble(PassCost::millis));
      return passes.get(PASSES / 2);
    }
  }

  private static void writeOneEventEach(ReadSideNode node, String prefix, int entities) throws Exception {
    Semaphore inFlight = new Semaphore(WRITE_IN_FLIGHT);
    List<CompletableFuture<?>> all = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < entities; i++) {
      acquire(inFlight);
      String entity = prefix + i;
      CompletableFuture<?> f = node.ledger.ingest(entity, List.of(ProposedEvent.record(entity, "k", Instant.now(),
          BigDecimal.ONE, "bench"))).toCompletableFuture();
      f.whenComplete((r, e) -> inFlight.release());
      all.add(f);
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, java.util.concurrent.TimeUnit.MINUTES);
    if (entities > 0) {
      System.out.printf(Locale.ROOT, "tally-bench: %d entities written in %.1f s%n", entities,
          (System.nanoTime() - t0) / 1e9);
    }
  }

  /** CQL requests the node's session has sent (the driver's session metric). */
  private static long cqlRequests(ReadSideNode node) {
    return node.cql.getMetrics()
        .flatMap(m -> m.getSessionMetric(com.datastax.oss.driver.api.core.metrics.DefaultSessionMetric.CQL_REQUESTS))
        .map(m -> ((com.codahale.metrics.Timer) m).getCount())
        .orElseThrow(() -> new IllegalStateException("driver metric cql-requests not enabled"));
  }

  private static double applied(ReadSideNode node) {
    double applied = 0;
    for (int s = 0; s < SLICES; s++) {
      applied += node.runtime.metrics().value(TallyMetrics.PROJECTION_EVENTS, "slice", Integer.toString(s));
    }
    return applied;
  }

  private static void steadyIngestLag(ReadSideNode node) throws Exception {
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<?>> all = new ArrayList<>();
    long start = System.nanoTime();
    long total = RATE_PER_SECOND * STEADY.toSeconds();
    for (long i = 0; i < total; i++) {
      // Paced: event i is due at start + i / rate.
      long due = start + i * 1_000_000_000L / RATE_PER_SECOND;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      acquire(inFlight);
      String entity = "lag-" + (i % 500);
      CompletableFuture<?> f = node.ledger.ingest(entity, List.of(ProposedEvent.record(entity, "k" + i,
          Instant.now(), BigDecimal.ONE, "bench"))).toCompletableFuture();
      f.whenComplete((r, e) -> inFlight.release());
      all.add(f);
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, java.util.concurrent.TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - start) / 1e9;
    // Let the views catch up, then read the per-slice lag quantiles.
    var probe = node.testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(60), () -> {
      double applied = 0;
      for (int s = 0; s < 8; s++) {
        applied += node.runtime.metrics().value(TallyMetrics.PROJECTION_EVENTS, "slice", Integer.toString(s));
      }
      assertEquals((double) total, applied, 0.0);
      return null;
    });
    double p50 = 0;
    double p99 = 0;
    for (int s = 0; s < 8; s++) {
      p50 = Math.max(p50, node.runtime.metrics().quantile(TallyMetrics.PROJECTION_LAG, 0.5, "slice", Integer.toString(s)));
      p99 = Math.max(p99, node.runtime.metrics().quantile(TallyMetrics.PROJECTION_LAG, 0.99, "slice", Integer.toString(s)));
    }
    System.out.printf(Locale.ROOT, "tally-bench: steady ingest %d events in %.1f s (%.0f events/s, 500 entities, 8 slices);"
        + " persist->view lag (worst slice) p50 %.0f ms, p99 %.0f ms%n", total, elapsed, total / elapsed, p50 * 1000, p99 * 1000);
  }

  private static void cleanPass(ReadSideNode node) throws Exception {
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<?>> all = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < ENTITIES; i++) {
      acquire(inFlight);
      String entity = "pass-" + i;
      CompletableFuture<?> f = node.ledger.ingest(entity, List.of(ProposedEvent.record(entity, "k", Instant.now(),
          BigDecimal.TEN, "bench"))).toCompletableFuture();
      f.whenComplete((r, e) -> inFlight.release());
      all.add(f);
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, java.util.concurrent.TimeUnit.SECONDS);
    System.out.printf(Locale.ROOT, "tally-bench: %d entities ingested in %.1f s%n", ENTITIES, (System.nanoTime() - start) / 1e9);
    // Settled: past settle-time and the last window closed.
    Instant settled = Instant.now().plus(node.settings.settleTime()).plusSeconds(2);
    var probe = node.testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      if (Instant.now().isBefore(settled)) {
        throw new AssertionError("settling");
      }
      return null;
    });
    for (int run = 1; run <= 3; run++) {
      long t0 = System.nanoTime();
      DriftReport report = await(node.runtime.reconciliation().runNow("on-demand", "bench", false)).orElseThrow();
      double ms = (System.nanoTime() - t0) / 1e6;
      System.out.printf(Locale.ROOT, "tally-bench: clean pass %d: %.0f ms, entities checked %d (pairs in flight %d),"
          + " slice-windows compared %d, diverged %d, discrepancies %d%n", run, ms, report.entitiesChecked(),
          report.pairsInFlight(), report.sliceWindowsChecked(), report.sliceWindowsDiverged(),
          report.discrepancies().size());
    }
  }
}
