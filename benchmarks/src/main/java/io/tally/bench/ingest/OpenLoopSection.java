package io.tally.bench.ingest;

import io.tally.bench.RunBudget;
import io.tally.bench.load.LoadCell;
import io.tally.bench.load.LoadResult;
import io.tally.bench.report.MarkdownTable;
import io.tally.bench.report.ResultsReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Single-event HTTP ingest in an open loop at half of the single-event peak (or
 * {@code --open-loop-rate}): requests sent on a fixed schedule whatever the answers, latency from
 * each request's due time (so a stall shows in every request due during it), repeated. Without a
 * peak from the ingest section, one closed-loop probe at {@link #PROBE_CONCURRENCY} in flight
 * gives it.
 */
public final class OpenLoopSection {

  static final String SECTION = "openloop";
  static final int PROBE_CONCURRENCY = 64;
  private static final LoadCell CELL = new LoadCell(LoadCell.Shape.ENTITY, 0, 1);
  private static final String RUN = "open";

  private final IngestRig rig;

  public OpenLoopSection(IngestRig rig) {
    this.rig = rig;
  }

  public void run(Optional<Double> singleEventPeak, RunBudget budget, ResultsReport report)
      throws InterruptedException {
    String source;
    double rate;
    if (!rig.options.openLoopAtHalfPeak()) {
      rate = rig.options.openLoopRate();
      source = "--open-loop-rate";
    } else {
      Optional<Double> peak = singleEventPeak;
      source = "half of the single-event HTTP peak measured above";
      if (peak.isEmpty() && budget.allows(rig.perLoad())) {
        LoadResult probe = rig.measure(SECTION, rig.http, new LoadCell(PROBE_CONCURRENCY, 1), 0, RUN + "-probe", 1);
        peak = Optional.of(probe.eventsPerSecond()).filter(p -> p > 0);
        source = "half of a closed-loop probe's " + String.format(Locale.ROOT, "%,.0f", probe.eventsPerSecond())
            + " events/s (single events, " + PROBE_CONCURRENCY + " in flight)";
      }
      if (peak.isEmpty()) {
        report.note("Open loop: not run (no single-event peak to take half of, and no --open-loop-rate).");
        return;
      }
      rate = peak.get() / 2;
    }
    List<LoadResult> runs = new ArrayList<>();
    for (int rep = 1; rep <= rig.options.repeats(); rep++) {
      if (!budget.allows(rig.perLoad())) {
        report.note("(open loop: runs after " + runs.size() + " skipped — run time limit)");
        break;
      }
      runs.add(rig.measure(SECTION, rig.http, CELL, rate, RUN, rep));
    }
    if (runs.isEmpty()) {
      return;
    }
    report.heading(String.format(Locale.ROOT, "Single-event HTTP ingest, open loop at %,.0f events/s (%s); latency "
            + "from each request's due time, ms, min / median / max of %d runs of %d s after %d s warm-up",
        rate, source, runs.size(), rig.options.cell().toSeconds(), rig.options.cellWarmUp().toSeconds()));
    report.table(table(rate, new Repetitions(rig.http.name(), runs)));
  }

  static MarkdownTable table(double rate, Repetitions r) {
    MarkdownTable table = MarkdownTable.of(">offered (events/s)", ">accepted (events/s)", ">p50", ">p99", ">p99.9",
        ">max", ">not sent (over " + io.tally.bench.load.OpenLoop.MAX_OUTSTANDING + " outstanding)",
        ">refused (429)", ">unavailable events", ">failed");
    table.row(rate, r.eventsPerSecond(), r.figure(x -> x.latency().p50()), r.figure(x -> x.latency().p99()),
        r.figure(x -> x.latency().p999()), r.figure(x -> x.latency().max()), r.sum(x -> x.window().notSent()),
        r.sum(x -> x.window().refusedRequests()), r.sum(x -> x.window().unavailable()), r.sum(LoadResult::failures));
    return table;
  }
}
