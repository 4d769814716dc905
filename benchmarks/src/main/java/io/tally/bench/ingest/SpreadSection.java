package io.tally.bench.ingest;

import io.tally.bench.RunBudget;
import io.tally.bench.load.LoadCell;
import io.tally.bench.load.LoadResult;
import io.tally.bench.report.MarkdownTable;
import io.tally.bench.report.RepeatedFigure;
import io.tally.bench.report.ResultsReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Many-entity batches: requests of {@link #BATCH} events, one for each of {@link #BATCH} distinct
 * entities drawn from a pool of {@link LoadCell#SPREAD_POOL}, in closed loops from few to many in
 * flight, each repeated; in every repetition plain Akka (the same plugin and tagging, none of
 * Tally's rules, HTTP or read side) and the raw driver write the same shape (same entity keys, on
 * entities and in a keyspace of their own) right after Tally. Past the write side's peak, more in
 * flight should be refused at admission (429, honoured by the client) rather than answered {@code
 * unavailable} or slower: the table gives each row's share of the peak, refusals and unavailable
 * events; a second table what each event cost the node and Cassandra ({@link StoreCost}).
 */
public final class SpreadSection {

  static final String SECTION = "spread";
  static final int BATCH = 100;
  /** Tally and the raw driver write the same entity keys (different keyspaces): the same rows. */
  private static final String RUN = "spread";

  private final IngestRig rig;

  public SpreadSection(IngestRig rig) {
    this.rig = rig;
  }

  public void run(RunBudget budget, ResultsReport report) throws InterruptedException {
    List<Contender> writers = List.of(rig.http, rig.plain, rig.raw);
    Duration perCell = rig.perLoad().multipliedBy((long) writers.size() * rig.options.repeats());
    Map<Integer, Map<String, List<LoadResult>>> byConcurrency = new LinkedHashMap<>();
    Map<Integer, Map<String, List<StoreCost.PerEvent>>> costs = new LinkedHashMap<>();
    if (!budget.allows(perCell)) {
      report.note("(many-entity batches: not run — run time limit)");
      return;
    }
    String started = startPool();
    for (int concurrency : rig.options.spreadConcurrencies()) {
      if (!budget.allows(perCell)) {
        report.note("(many-entity batches: skipped " + concurrency + " in flight — run time limit)");
        continue;
      }
      LoadCell cell = new LoadCell(LoadCell.Shape.SPREAD, concurrency, BATCH);
      for (int rep = 1; rep <= rig.options.repeats(); rep++) {
        for (Contender writer : writers) {
          IngestRig.Measured measured = rig.measureWithCost(SECTION, writer, cell, 0, RUN, rep);
          byConcurrency.computeIfAbsent(concurrency, c -> new LinkedHashMap<>())
              .computeIfAbsent(writer.name(), w -> new ArrayList<>()).add(measured.result());
          costs.computeIfAbsent(concurrency, c -> new LinkedHashMap<>())
              .computeIfAbsent(writer.name(), w -> new ArrayList<>()).add(measured.cost());
        }
      }
    }
    if (byConcurrency.isEmpty()) {
      return;
    }
    report.heading(String.format(Locale.ROOT, "Many-entity batches: %d events over %d distinct entities (of %,d) per "
            + "request, closed loop, Tally over HTTP and the raw driver writing the same rows (min / median / max of "
            + "%d runs of %d s after %d s warm-up)", BATCH, BATCH, LoadCell.SPREAD_POOL, rig.options.repeats(),
        rig.options.cell().toSeconds(), rig.options.cellWarmUp().toSeconds()));
    Peak peak = Peak.of(byConcurrency, rig.http.name());
    report.table(table(byConcurrency, peak, rig.http.name(), rig.plain.name(), rig.raw.name()));
    report.note(peak.verdict(byConcurrency, rig.http.name()) + " " + started);
    report.heading("Many-entity batches: cost per accepted event (median of the runs; warm-up included)");
    report.table(costTable(costs));
    report.note("Node JVM: the harness's JVM, which runs Tally's HTTP server, entities and projection, and the raw "
        + "driver's and plain Akka's writers (the HTTP load client runs in a JVM of its own). Cassandra requests: "
        + "writes, and reads with range scans, on every keyspace but Cassandra's own "
        + "(`system_views.local_*_latency`), from the load's start to its end; Tally's include its projection's "
        + "reads and view writes during the load.");
  }

  static MarkdownTable costTable(Map<Integer, Map<String, List<StoreCost.PerEvent>>> costs) {
    MarkdownTable table = MarkdownTable.of(">in flight", "writer", ">node JVM CPU (µs/event)",
        ">Cassandra CPU (µs/event)", ">Cassandra writes/event", ">Cassandra reads/event");
    costs.forEach((concurrency, writers) -> writers.forEach((writer, runs) -> table.row(concurrency, writer,
        median(runs, StoreCost.PerEvent::nodeCpuMicros), median(runs, StoreCost.PerEvent::cassandraCpuMicros),
        twoDigits(median(runs, StoreCost.PerEvent::writes)), twoDigits(median(runs, StoreCost.PerEvent::reads)))));
    return table;
  }

  private static String twoDigits(double value) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
  }

  private static double median(List<StoreCost.PerEvent> runs, ToDoubleFunction<StoreCost.PerEvent> figure) {
    return RepeatedFigure.of(runs.stream().map(figure::applyAsDouble).toList()).median();
  }

  /**
   * Starts every entity of the pool before the first cell, a bounded number at a time: the cells
   * measure ingest into running entities, not thousands of recoveries at once (which trip the
   * journal's circuit breaker and fail the first cell).
   */
  private String startPool() throws InterruptedException {
    List<String> keys = IntStream.range(0, LoadCell.SPREAD_POOL)
        .mapToObj(i -> LoadCell.spreadPrefix(RUN) + i).toList();
    long start = System.nanoTime();
    int started = rig.startEntities(keys);
    double tallySeconds = (System.nanoTime() - start) / 1e9;
    long plainStart = System.nanoTime();
    int plainStarted = rig.startPlainEntities(keys);
    return String.format(Locale.ROOT, "Before the first cell the pool's entities were started through the ledger, "
            + "one event each, %d at a time (%,d of %,d in %.1f s), and as plain Akka entities the same way (%,d in "
            + "%.1f s), so that no cell pays for their recovery.", IngestRig.STARTS_IN_FLIGHT, started, keys.size(),
        tallySeconds, plainStarted, (System.nanoTime() - plainStart) / 1e9);
  }

  /** Tally's peak: the concurrency with the best median accepted events/s, and that median. */
  record Peak(int concurrency, double eventsPerSecond) {

    static Peak of(Map<Integer, Map<String, List<LoadResult>>> byConcurrency, String tally) {
      Peak best = new Peak(0, 0);
      for (Map.Entry<Integer, Map<String, List<LoadResult>>> e : byConcurrency.entrySet()) {
        double median = new Repetitions(tally, e.getValue().get(tally)).eventsPerSecond().median();
        if (median > best.eventsPerSecond()) {
          best = new Peak(e.getKey(), median);
        }
      }
      return best;
    }

    /** {@code eventsPerSecond} as a percentage of the peak (0 for a run that accepted nothing). */
    double share(double eventsPerSecond) {
      return eventsPerSecond() > 0 ? 100 * eventsPerSecond / eventsPerSecond() : Double.NaN;
    }

    /**
     * From the peak's concurrency up: the lowest share of the peak of any single run, and the
     * events answered {@code unavailable} (the collapse check).
     */
    String verdict(Map<Integer, Map<String, List<LoadResult>>> byConcurrency, String tally) {
      if (!(eventsPerSecond > 0)) {
        return "Tally accepted no event in any cell's window.";
      }
      List<LoadResult> above = byConcurrency.entrySet().stream().filter(e -> e.getKey() >= concurrency)
          .flatMap(e -> e.getValue().get(tally).stream()).toList();
      double lowest = above.stream().mapToDouble(r -> share(r.eventsPerSecond())).min().orElse(Double.NaN);
      long unavailable = above.stream().mapToLong(r -> r.window().unavailable()).sum();
      long refused = above.stream().mapToLong(r -> r.window().refusedRequests()).sum();
      int highest = byConcurrency.keySet().stream().mapToInt(Integer::intValue).max().orElse(concurrency);
      return String.format(Locale.ROOT, "Tally's peak: %,.0f accepted events/s (median) at %d in flight. From %d to "
              + "%d in flight: lowest single run %.0f %% of the peak, %,d events answered `unavailable`, %,d requests "
              + "refused at admission (429).", eventsPerSecond, concurrency, concurrency, highest, lowest,
          unavailable, refused);
    }
  }

  static MarkdownTable table(Map<Integer, Map<String, List<LoadResult>>> byConcurrency, Peak peak, String tally,
      String plain, String raw) {
    MarkdownTable table = MarkdownTable.of(">in flight", ">Tally accepted (events/s)", ">% of peak (median)",
        ">refused (requests/s)", ">unavailable events", ">failed", ">p50 (ms)", ">p99 (ms)",
        ">plain Akka (events/s)", ">raw driver (events/s)", ">Tally / plain Akka", ">Tally / raw (medians)");
    byConcurrency.forEach((concurrency, writers) -> {
      Repetitions t = new Repetitions(tally, writers.get(tally));
      Repetitions p = writers.containsKey(plain) ? new Repetitions(plain, writers.get(plain)) : null;
      Repetitions r = new Repetitions(raw, writers.get(raw));
      table.row(concurrency, t.eventsPerSecond(), peak.share(t.eventsPerSecond().median()),
          t.figure(LoadResult::refusedPerSecond), t.sum(x -> x.window().unavailable()), t.sum(LoadResult::failures),
          t.figure(x -> x.latency().p50()), t.figure(x -> x.latency().p99()),
          p == null ? RepeatedFigure.NONE : p.eventsPerSecond(), r.eventsPerSecond(), Repetitions.ratio(t, p),
          Repetitions.ratio(t, r));
    });
    return table;
  }
}
