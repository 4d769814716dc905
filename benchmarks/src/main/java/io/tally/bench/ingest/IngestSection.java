package io.tally.bench.ingest;

import akka.actor.typed.javadsl.Adapter;
import akka.serialization.SerializationExtension;
import com.datastax.oss.driver.api.core.CqlSession;
import io.tally.bench.BenchNode;
import io.tally.bench.RunBudget;
import io.tally.bench.RunOptions;
import io.tally.bench.report.MarkdownTable;
import io.tally.bench.report.ResultsReport;
import io.tally.cluster.testing.TestPersistenceConfig;
import io.tally.ledger.LedgerSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP ingest side by side with its two baselines, cell by cell (concurrency × batch size), the
 * three writers one after the other in each cell so they share the machine's state: Tally over
 * HTTP, the raw driver into the plugin's tables, and plain Akka on the same journal.
 */
public final class IngestSection {

  private final BenchNode node;
  private final CqlSession session;
  private final RunOptions options;

  public IngestSection(BenchNode node, CqlSession session, RunOptions options) {
    this.node = node;
    this.session = session;
    this.options = options;
  }

  public void run(RunBudget budget, ResultsReport report) throws InterruptedException {
    Clock clock = Clock.systemUTC();
    int slices = LedgerSettings.create(node.config()).slices();
    String rawKeyspace = TestPersistenceConfig.keyspaceFor("raw");
    RawJournalSchema.create(session, Adapter.toClassic(node.node().system()), rawKeyspace);
    List<BatchWriter> writers = List.of(
        new HttpIngestWriter(node.baseUrl(), BenchNode.TOKEN, clock),
        new LedgerDirectWriter(node.node().system(), clock),
        new RawJournalWriter(session, rawKeyspace,
            SerializationExtension.get(Adapter.toClassic(node.node().system())), slices, clock),
        new PlainAkkaWriter(node.node().system(), slices, clock));
    Duration perCell = options.cellWarmUp().plus(options.cell()).multipliedBy(writers.size());
    List<LoadResult> results = new ArrayList<>();
    for (int batch : options.batchSizes()) {
      for (int concurrency : options.concurrencies()) {
        if (!budget.allows(perCell)) {
          report.note("(skipped: concurrency " + concurrency + ", batch " + batch + " — run time limit)");
          continue;
        }
        LoadCell cell = new LoadCell(concurrency, batch);
        for (BatchWriter writer : writers) {
          LoadResult result = ClosedLoopLoad.run(writer, cell, runOf(writer), options.cellWarmUp(), options.cell());
          System.out.printf("  %-10s c=%-3d b=%-3d %,10.0f events/s  p50 %.1f ms  p99 %.1f ms  failures %d%n",
              writer.name(), concurrency, batch, result.eventsPerSecond(), result.latency().p50(),
              result.latency().p99(), result.failures());
          results.add(result);
        }
      }
    }
    report.heading("HTTP ingest vs raw driver vs plain Akka (closed loop, " + options.cell().toSeconds()
        + " s measured per cell after " + options.cellWarmUp().toSeconds() + " s warm-up)");
    report.table(throughputTable(results));
    report.heading("Request latency per writer (ms; one request = one batch of one entity's events)");
    report.table(latencyTable(results));
  }

  /**
   * Each writer's own entities: idempotency keys restart at {@code bench-0} for every writer, so
   * writers sharing entity keys would send Tally the previous writer's events again and be
   * answered {@code duplicate} without a write.
   */
  static String runOf(BatchWriter writer) {
    return "ingest-" + writer.name();
  }

  static MarkdownTable throughputTable(List<LoadResult> results) {
    MarkdownTable table = MarkdownTable.of(">in flight", ">batch", ">Tally HTTP (events/s)",
        ">Tally without HTTP (events/s)", ">raw driver (events/s)", ">plain Akka (events/s)", ">Tally / raw",
        ">Tally / plain Akka");
    Map<LoadCell, Map<String, LoadResult>> byCell = new LinkedHashMap<>();
    results.forEach(r -> byCell.computeIfAbsent(r.cell(), c -> new LinkedHashMap<>()).put(r.writer(), r));
    byCell.forEach((cell, writers) -> {
      LoadResult tally = writers.get("tally-http");
      LoadResult direct = writers.get("tally-direct");
      LoadResult raw = writers.get("raw-driver");
      LoadResult plain = writers.get("plain-akka");
      if (tally != null && direct != null && raw != null && plain != null) {
        table.row(cell.concurrency(), cell.batchSize(), tally.eventsPerSecond(), direct.eventsPerSecond(),
            raw.eventsPerSecond(), plain.eventsPerSecond(), ratio(tally, raw), ratio(tally, plain));
      }
    });
    return table;
  }

  static MarkdownTable latencyTable(List<LoadResult> results) {
    MarkdownTable table = MarkdownTable.of(">in flight", ">batch", "writer", ">requests", ">p50", ">p99",
        ">p99.9", ">max", ">failed");
    for (LoadResult r : results) {
      table.row(r.cell().concurrency(), r.cell().batchSize(), r.writer(), r.latency().count(), r.latency().p50(),
          r.latency().p99(), r.latency().p999(), r.latency().max(), r.failures());
    }
    return table;
  }

  private static String ratio(LoadResult a, LoadResult b) {
    return b.eventsPerSecond() == 0 ? "–"
        : String.format(java.util.Locale.ROOT, "%.0f %%", 100 * a.eventsPerSecond() / b.eventsPerSecond());
  }
}
