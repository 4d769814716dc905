package io.tally.bench.readside;

import akka.actor.typed.ActorSystem;
import akka.serialization.SerializationExtension;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.typesafe.config.Config;
import io.tally.bench.BenchNode;
import io.tally.cluster.testing.Eventually;
import io.tally.bench.ingest.RawJournalWriter;
import io.tally.bench.report.MarkdownTable;
import io.tally.bench.report.ResultsReport;
import io.tally.ledger.LedgerSettings;
import io.tally.projections.audit.AuditProgress;
import io.tally.projections.audit.AuditReport;
import io.tally.projections.audit.AuditScope;
import io.tally.projections.audit.AuditSettings;
import io.tally.projections.audit.Auditor;
import io.tally.ledger.journal.CassandraJournalReader;
import io.tally.projections.audit.CheckpointSource;
import io.tally.projections.audit.SnapshotCheckpoints;
import io.tally.projections.audit.WindowViewCheck;
import io.tally.projections.metrics.TallyMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Audit replay vs a raw read of the same journal rows, per journal shape (few long entities, many
 * small ones): events written (see {@link ShapeRun#write}), the views left to catch up with what
 * they see, then per round the raw driver read, the audit as {@code tally-audit} runs it ({@link
 * Auditor} over {@link CassandraJournalReader}, without snapshot comparison: {@code
 * --no-snapshots}) and the same audit started over HTTP ({@code POST /v1/audit/runs}, the node's
 * Auditor, checkpoints and views off by {@link #NODE_OVERRIDES}). Each shape is audited by its key
 * range. Finally one run with snapshots compared, {@code tally-audit}'s default. Every run must be
 * clean and check every event written.
 *
 * <p>The raw read is the same access the audit makes: for long entities one query per entity's
 * partition, for many small ones the token-range scan with the reader's splits, parallelism and
 * page size; payload touched, not decoded.
 */
public final class AuditSection {

  /**
   * On the read-side node: the HTTP run compares no checkpoints and no views (each a read or an
   * ask per entity), as the CLI runs here compare none.
   */
  public static final String NODE_OVERRIDES = String.join("\n",
      "tally.audit.compare-snapshots = off",
      "tally.audit.compare-live-actors = off",
      "tally.audit.compare-views = off");

  // The JIT and both caches warm over the first rounds (BENCHMARKS.md shows rounds 1-2 well below 4-5).
  private static final int ROUNDS = 5;
  private static final int BATCH = 100;
  private static final int WRITERS = 10;
  private static final Duration WRITE_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration VIEWS_CATCH_UP = Duration.ofMinutes(3);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
  private static final int ENTITY_PAGE_SIZE = 5_000;

  private AuditSection() {}

  public static void run(BenchNode node, NodeHttp http, CqlSession session, long cassandraPid,
      List<AuditShape> shapes, ResultsReport report) throws Exception {
    for (AuditShape shape : shapes) {
      new ShapeRun(node, http, session, cassandraPid, shape, report).run();
    }
  }

  private static final class ShapeRun {
    private final BenchNode node;
    private final NodeHttp http;
    private final CqlSession session;
    private final long cassandraPid;
    private final AuditShape shape;
    private final ResultsReport report;
    private final AuditScope scope;
    private final ActorSystem<?> system;

    ShapeRun(BenchNode node, NodeHttp http, CqlSession session, long cassandraPid, AuditShape shape,
        ResultsReport report) {
      this.node = node;
      this.http = http;
      this.session = session;
      this.cassandraPid = cassandraPid;
      this.shape = shape;
      this.report = report;
      this.scope = new AuditScope(shape.prefix(), shape.prefix() + "~", null, null);
      this.system = node.node().system();
    }

    void run() throws Exception {
      double viewsBefore = appliedToViews();
      long writeStart = System.nanoTime();
      write();
      double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
      String views = shape.eventsPerEntity() <= BATCH ? "" : waitForViews(viewsBefore);
      Config config = node.config();
      Auditor cli = auditor(List.of());
      HttpAuditRun overHttp = new HttpAuditRun(node);
      boolean scan = shape.eventsPerEntity() <= config.getInt("tally.ledger.journal-read.scan-partition-rows");
      MarkdownTable table = MarkdownTable.of(">round",
          scan ? ">raw token-range scan (rows/s)" : ">raw read, entity by entity (rows/s)",
          ">audit, Auditor as tally-audit (events/s)", ">audit, HTTP run (events/s)", ">Auditor / raw");
      String rawCpu = "";
      String auditCpu = "";
      for (int round = 1; round <= ROUNDS; round++) {
        CpuUse rawUse = CpuUse.start(cassandraPid);
        double raw = scan ? rawScan(config) : rawPerEntity();
        rawCpu = rawUse.since();
        CpuUse auditUse = CpuUse.start(cassandraPid);
        double audited = timed(cli);
        auditCpu = auditUse.since();
        HttpAuditRun.Outcome run = overHttp.run(scope.fromKey(), scope.toKey(), RUN_TIMEOUT);
        check(run.clean(), run.eventsChecked(), "HTTP run");
        double overHttpRate = run.eventsChecked() / (run.took().toNanos() / 1e9);
        table.row(round, raw, audited, overHttpRate, String.format(Locale.ROOT, "%.0f %%", 100 * audited / raw));
      }
      double withSnapshots = timed(auditor(List.of(new SnapshotCheckpoints(system,
          AuditSettings.create(config).checkpointTimeout()))));
      report.heading(String.format(Locale.ROOT, "Audit replay vs raw driver read: %s (%,d events, written %s "
          + "at %,.0f events/s)", shape, shape.events(), shape.eventsPerEntity() <= BATCH ? "into the journal"
          : "over HTTP", shape.events() / writeSeconds));
      report.table(table);
      report.note(String.format(Locale.ROOT, "CPU in the last round: raw read %s; Auditor run %s (of %d cores)."
          + " With snapshots compared (tally-audit's default, one snapshot read per entity): %,.0f events/s. %s",
          rawCpu, auditCpu, Runtime.getRuntime().availableProcessors(), withSnapshots, views));
    }

    private Auditor auditor(List<CheckpointSource> checkpoints) {
      return Auditor.overJournal(system, LedgerSettings.create(node.config()), AuditSettings.create(node.config()),
          checkpoints, WindowViewCheck.NONE, Clock.systemUTC());
    }

    /**
     * Long entities over HTTP: each entity's events in requests of {@link #BATCH}, entities in
     * parallel. Many small ones straight into the journal ({@link PlannedJournalWriter}): over
     * HTTP each new entity costs its creation and recovery in the node, a few hundred entities/s
     * here, which would take the section past its time.
     */
    private void write() throws Exception {
      if (shape.eventsPerEntity() <= BATCH) {
        List<String> keys = new ArrayList<>(shape.entities());
        for (int e = 0; e < shape.entities(); e++) {
          keys.add(shape.key(e));
        }
        new PlannedJournalWriter(session, node.journalKeyspace(), SerializationExtension.get(system.classicSystem()),
            LedgerSettings.create(node.config())).write(keys, shape.eventsPerEntity(), Instant.now(), WRITE_TIMEOUT);
        return;
      }
      AtomicInteger next = new AtomicInteger();
      int threads = Math.min(WRITERS, shape.entities());
      ExecutorService writers = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
          done.add(writers.submit(() -> {
            for (int e = next.getAndIncrement(); e < shape.entities(); e = next.getAndIncrement()) {
              for (int first = 0; first < shape.eventsPerEntity(); first += BATCH) {
                http.ingest().write(shape.key(e), (long) e * shape.eventsPerEntity() + first,
                    Math.min(BATCH, shape.eventsPerEntity() - first));
              }
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
      } finally {
        writers.shutdownNow();
      }
    }

    private double appliedToViews() {
      return http.metrics().sum(TallyMetrics.PROJECTION_EVENTS, "slice=");
    }

    /** The views apply what was written; measured once they have, so that they do not share the CPU. */
    private String waitForViews(double before) {
      try {
        Duration took = Eventually.await("views applied the audit's events", VIEWS_CATCH_UP,
            () -> appliedToViews() >= before + shape.events());
        return String.format(Locale.ROOT, "The views had applied the events %.0f s after the last write.",
            took.toMillis() / 1e3);
      } catch (AssertionError e) {
        return "The views had not applied every event " + VIEWS_CATCH_UP.toMinutes() + " min after the last write"
            + " (they shared the CPU with the runs).";
      }
    }

    private double timed(Auditor auditor) throws Exception {
      long start = System.nanoTime();
      AuditReport audit = auditor.run(scope, new AtomicReference<AuditProgress>()).toCompletableFuture()
          .get(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      double rate = audit.eventsChecked() / ((System.nanoTime() - start) / 1e9);
      check(audit.clean(), audit.eventsChecked(), "Auditor run: " + audit.summary());
      return rate;
    }

    private void check(boolean clean, long eventsChecked, String what) {
      if (!clean || eventsChecked != shape.events()) {
        throw new IllegalStateException(what + ": not clean or incomplete (" + eventsChecked + " of "
            + shape.events() + " events)");
      }
    }

    private double rawScan(Config config) throws Exception {
      Config read = config.getConfig("tally.ledger.journal-read");
      RawTokenScan scan = new RawTokenScan(session, node.journalKeyspace(), read.getInt("scan-splits"),
          read.getInt("scan-parallelism"), read.getInt("page-size"));
      long start = System.nanoTime();
      RawTokenScan.Result result = scan.read(RawJournalWriter.persistenceId(shape.prefix())).toCompletableFuture()
          .get(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      double rate = result.rows() / ((System.nanoTime() - start) / 1e9);
      if (result.rows() != shape.events() || result.bytes() == 0) {
        throw new IllegalStateException("raw scan read " + result.rows() + " rows, expected " + shape.events());
      }
      return rate;
    }

    private double rawPerEntity() {
      PreparedStatement select = session.prepare("SELECT sequence_nr, event FROM " + node.journalKeyspace()
          + ".messages WHERE persistence_id = ? AND partition_nr = 0");
      long start = System.nanoTime();
      long rows = 0;
      long bytes = 0;
      for (int e = 0; e < shape.entities(); e++) {
        ResultSet rs = session.execute(select.bind(RawJournalWriter.persistenceId(shape.key(e)))
            .setPageSize(ENTITY_PAGE_SIZE));
        for (Row row : rs) {
          rows++;
          bytes += row.getByteBuffer("event").remaining();
        }
      }
      if (rows != shape.events() || bytes == 0) {
        throw new IllegalStateException("raw read " + rows + " rows, expected " + shape.events());
      }
      return rows / ((System.nanoTime() - start) / 1e9);
    }
  }
}
