package io.tally.bench.ingest;

import io.tally.bench.RunBudget;
import io.tally.bench.load.LoadCell;
import io.tally.bench.load.LoadClientMain;
import io.tally.bench.load.LoadResult;
import io.tally.bench.report.MarkdownTable;
import io.tally.bench.report.ResultsReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP ingest side by side with its baselines, cell by cell (concurrency × batch size of one
 * entity's events), each cell repeated: per repetition the four writers one after the other, so
 * they share the machine's state: Tally over HTTP (from the load-client JVM), Tally without HTTP,
 * the raw driver into the plugin's tables, and plain Akka on the same journal. Every load starts
 * with Tally's projection caught up and the detector idle ({@link Isolation}).
 */
public final class IngestSection {

  static final String SECTION = "ingest";

  private final IngestRig rig;

  public IngestSection(IngestRig rig) {
    this.rig = rig;
  }

  /** Runs the cells; returns Tally over HTTP's single-event peak (the best median events/s at batch 1), if measured. */
  public Optional<Double> run(RunBudget budget, ResultsReport report) throws InterruptedException {
    List<Contender> writers = List.of(rig.http, rig.direct, rig.raw, rig.plain);
    Duration perCell = rig.perLoad().multipliedBy((long) writers.size() * rig.options.repeats());
    Map<LoadCell, Map<String, List<LoadResult>>> byCell = new LinkedHashMap<>();
    for (int batch : rig.options.batchSizes()) {
      for (int concurrency : rig.options.concurrencies()) {
        if (!budget.allows(perCell)) {
          report.note("(skipped: concurrency " + concurrency + ", batch " + batch + " — run time limit)");
          continue;
        }
        LoadCell cell = new LoadCell(concurrency, batch);
        for (int rep = 1; rep <= rig.options.repeats(); rep++) {
          for (Contender writer : writers) {
            LoadResult result = rig.measure(SECTION, writer, cell, 0, runOf(writer.name()), rep);
            byCell.computeIfAbsent(cell, c -> new LinkedHashMap<>())
                .computeIfAbsent(writer.name(), w -> new ArrayList<>()).add(result);
          }
        }
      }
    }
    report.heading("HTTP ingest vs raw driver vs plain Akka (closed loop; events/s, min / median / max of "
        + rig.options.repeats() + " runs of " + rig.options.cell().toSeconds() + " s after "
        + rig.options.cellWarmUp().toSeconds() + " s warm-up)");
    report.table(throughputTable(byCell));
    report.heading("Request latency per writer (ms, min / median / max of the runs; one request = one batch of "
        + "one entity's events)");
    report.table(latencyTable(byCell));
    return singleEventPeak(byCell);
  }

  /**
   * Each writer's own entities: writers sharing entity keys would contend on each other's
   * entities (and the harness's event numbers keep their idempotency keys apart anyway).
   */
  static String runOf(String writer) {
    return "ingest-" + writer;
  }

  static Optional<Double> singleEventPeak(Map<LoadCell, Map<String, List<LoadResult>>> byCell) {
    return byCell.entrySet().stream()
        .filter(e -> e.getKey().batchSize() == 1 && e.getValue().containsKey(LoadClientMain.WRITER))
        .map(e -> new Repetitions(LoadClientMain.WRITER, e.getValue().get(LoadClientMain.WRITER))
            .eventsPerSecond().median())
        .filter(peak -> peak > 0)
        .max(Double::compare);
  }

  static MarkdownTable throughputTable(Map<LoadCell, Map<String, List<LoadResult>>> byCell) {
    MarkdownTable table = MarkdownTable.of(">in flight", ">batch", ">Tally HTTP", ">Tally without HTTP",
        ">raw driver", ">plain Akka", ">Tally / raw (medians)", ">Tally / plain Akka (medians)");
    byCell.forEach((cell, writers) -> {
      Repetitions tally = repetitions(writers, "tally-http");
      Repetitions direct = repetitions(writers, "tally-direct");
      Repetitions raw = repetitions(writers, "raw-driver");
      Repetitions plain = repetitions(writers, "plain-akka");
      table.row(cell.concurrency(), cell.batchSize(), figure(tally), figure(direct), figure(raw), figure(plain),
          Repetitions.ratio(tally, raw), Repetitions.ratio(tally, plain));
    });
    return table;
  }

  static MarkdownTable latencyTable(Map<LoadCell, Map<String, List<LoadResult>>> byCell) {
    MarkdownTable table = MarkdownTable.of(">in flight", ">batch", "writer", ">requests", ">p50", ">p99",
        ">p99.9", ">max", ">failed", ">refused (429)", ">unavailable events");
    byCell.forEach((cell, writers) -> writers.forEach((writer, runs) -> {
      Repetitions r = new Repetitions(writer, runs);
      table.row(cell.concurrency(), cell.batchSize(), writer, r.figure(x -> x.window().requests()),
          r.figure(x -> x.latency().p50()), r.figure(x -> x.latency().p99()), r.figure(x -> x.latency().p999()),
          r.figure(x -> x.latency().max()), r.sum(LoadResult::failures), r.sum(x -> x.window().refusedRequests()),
          r.sum(x -> x.window().unavailable()));
    }));
    return table;
  }

  private static Repetitions repetitions(Map<String, List<LoadResult>> writers, String writer) {
    List<LoadResult> runs = writers.get(writer);
    return runs == null ? null : new Repetitions(writer, runs);
  }

  private static Object figure(Repetitions r) {
    return r == null ? "–" : r.eventsPerSecond();
  }
}
