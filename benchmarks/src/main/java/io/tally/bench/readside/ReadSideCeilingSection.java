package io.tally.bench.readside;

import com.typesafe.config.Config;
import io.tally.bench.BenchNode;
import io.tally.bench.RunBudget;
import io.tally.bench.RunOptions;
import io.tally.bench.report.MarkdownTable;
import io.tally.bench.report.ResultsReport;
import io.tally.ledger.EventTimeWindows;
import io.tally.ledger.LedgerSettings;
import io.tally.projections.metrics.TallyMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Read-side ceiling: does the read side (the window-view projections) keep up with the write side,
 * and up to which rate? On a node of its own with Tally's shipped read-side settings (no
 * overrides: eventsByTag's eventual-consistency delay and refresh interval, the projection's
 * grouping and the drift detector's interval are the defaults), requests of {@link #BATCH} events,
 * one for each of {@link #BATCH} distinct entities drawn from a pool of {@link #ENTITIES}, unique
 * idempotency keys, event time now.
 *
 * <ol>
 *   <li>The write side's maximum for this shape in the same run: a closed loop with
 *       {@link #CLOSED_LOOP_IN_FLIGHT} requests in flight (after a short unreported warm-up that
 *       also starts the entities); its accepted events/s is Rmax.
 *   <li>Paced (open-loop) cells at rising rates ({@link #PACED_RATES}, Rmax/2 and Rmax; none
 *       above Rmax). Per cell: accepted, unavailable, failed requests, how long after the load's
 *       end every accepted event is in a view (bounded; the count still missing otherwise, and
 *       the higher rates are then not run), and the cell's own view lag ({@link ViewLagProbe}).
 *   <li>One drift-detector run over HTTP once the last events are older than its settle-time
 *       (and, when the time limit allows, their window is closed, since it checks only closed
 *       windows): its discrepancies, expected 0.
 * </ol>
 *
 * "In a view" is read from the node's {@code tally_projection_events_total} (events applied to
 * window views, summed over slices): in this shape each accepted event is applied exactly once.
 */
public final class ReadSideCeilingSection {

  /** The node's read side as shipped: nothing overridden (unlike {@link LagSection#NODE_OVERRIDES}). */
  public static final String NODE_OVERRIDES = "";
  /** Least time the section needs to be worth starting: node start, warm-up, closed loop, detector. */
  public static final Duration MINIMUM = Duration.ofMinutes(2);

  static final int BATCH = 100;
  static final int ENTITIES = 2_000;
  static final int CLOSED_LOOP_IN_FLIGHT = 8;
  static final List<Integer> PACED_RATES = List.of(250, 500, 1_000, 2_000);
  /** Rmax/2 and Rmax are rounded down to this many events/s (and so never exceed Rmax). */
  static final int RATE_STEP = 10;
  private static final String ENTITY_PREFIX = "ceiling-e";
  /** Any fixed seed: every run draws the same entities in the same order. */
  private static final long ENTITY_SEED = 20_000L;
  /** Longest wait for the views after a cell's load (the time limit may shorten it). */
  private static final Duration VIEWS_BOUND = Duration.ofSeconds(180);
  /** Shortest wait for the views worth starting a cell for. */
  private static final Duration LEAST_VIEWS_WAIT = Duration.ofSeconds(15);
  /** Beyond settle-time (and the window's close) before the detector is triggered. */
  private static final Duration SETTLE_MARGIN = Duration.ofSeconds(5);
  /** Time kept for the detector's own run. */
  private static final Duration DETECTOR_ALLOWANCE = Duration.ofSeconds(30);
  private static final String SETTLE_TIME = "tally.projections.drift.settle-time";
  private static final List<String> READ_SIDE_SETTINGS = List.of(
      "akka.persistence.cassandra.events-by-tag.eventual-consistency-delay",
      "akka.persistence.cassandra.query.refresh-interval",
      "tally.projections.window-views.group-after-envelopes",
      "tally.projections.window-views.group-after-duration",
      "tally.projections.drift.interval",
      SETTLE_TIME);

  /** One measured phase: what was sent and answered, and how the views followed. */
  private record Row(String load, CeilingLoad.Totals totals, ViewLagProbe.Views views, Duration viewsBound,
      long backlogAtStart) {}

  private final BenchNode node;
  private final NodeHttp http;
  private final RunOptions options;
  private final RunBudget budget;
  private final WindowCoverage windows;
  private final CeilingLoad load;
  private final List<String> notes = new ArrayList<>();
  /** The applied count at which every event accepted so far is in a view. */
  private long accountedFor;
  private long unavailable;
  private Instant lastLoadEnd = Instant.now();

  public ReadSideCeilingSection(BenchNode node, RunOptions options, RunBudget budget) {
    this.node = node;
    this.http = new NodeHttp(node);
    this.options = options;
    this.budget = budget;
    this.windows = new WindowCoverage(EventTimeWindows.of(LedgerSettings.create(node.config())));
    this.load = new CeilingLoad(new SpreadBatchWriter(node.baseUrl(), BenchNode.TOKEN, Clock.systemUTC()),
        new EntityPool(ENTITY_PREFIX, ENTITIES, ENTITY_SEED), BATCH, windows);
  }

  public void run(ResultsReport report) throws InterruptedException {
    accountedFor = applied();
    Row warmUp = measure("warm-up", options.ceilingWarmUp(),
        probe -> load.closedLoop(CLOSED_LOOP_IN_FLIGHT, options.ceilingWarmUp(), probe));
    notes.add(String.format(Locale.ROOT, "Warm-up (not in the table; it also starts the entities): closed loop "
            + "%d in flight for %d s, %,d events accepted, %,d unavailable, %,d failed requests, views %s.",
        CLOSED_LOOP_IN_FLIGHT, options.ceilingWarmUp().toSeconds(), warmUp.totals().accepted(),
        warmUp.totals().unavailable(), warmUp.totals().failedRequests(), viewsText(warmUp)));
    List<Row> rows = new ArrayList<>();
    Duration closed = options.ceilingClosedLoop();
    Row max = measure(String.format(Locale.ROOT, "closed loop, %d in flight, %d s (Rmax)", CLOSED_LOOP_IN_FLIGHT,
        closed.toSeconds()), closed, probe -> load.closedLoop(CLOSED_LOOP_IN_FLIGHT, closed, probe));
    rows.add(max);
    double rmax = max.totals().acceptedPerSecond();
    Duration cell = options.ceilingCell();
    List<Integer> rates = pacedRates(rmax);
    for (int i = 0; i < rates.size(); i++) {
      int rate = rates.get(i);
      if (!budget.allows(cell.plus(LEAST_VIEWS_WAIT).plus(driftReserve()))) {
        notes.add("Not run, for the time limit: paced " + listed(rates.subList(i, rates.size())) + " events/s.");
        break;
      }
      Row row = measure(pacedLabel(rate, rmax, cell), cell, probe -> load.paced(rate, cell, probe));
      rows.add(row);
      if (row.views().completeAfter().isEmpty() && i + 1 < rates.size()) {
        notes.add("Not run: paced " + listed(rates.subList(i + 1, rates.size())) + " events/s (the views did not"
            + " complete at " + rate + " events/s).");
        break;
      }
    }
    DriftCheck.Result drift = drift();
    report.heading("Read-side ceiling: " + BATCH + "-event requests over " + BATCH + " distinct entities (of "
        + String.format(Locale.ROOT, "%,d", ENTITIES) + "), shipped read-side settings; view lag measured "
        + "at the client per cell (answer → the node's applied-event count covers the request)");
    report.table(table(rows));
    report.note(method());
    report.note(driftText(drift) + String.format(Locale.ROOT, " `unavailable` events over the section: %,d"
        + " (warm-up included).", unavailable));
    report.note("Read-side settings in force (shipped defaults, nothing overridden): " + settings(node.config()) + ".");
    notes.forEach(report::note);
  }

  /** The paced rates for a write-side maximum {@code rmax}: the fixed ones up to it, Rmax/2, Rmax. */
  static List<Integer> pacedRates(double rmax) {
    TreeSet<Integer> rates = new TreeSet<>();
    PACED_RATES.stream().filter(r -> r <= rmax).forEach(rates::add);
    for (double r : new double[] {rmax / 2, rmax}) {
      if (rounded(r) > 0) {
        rates.add(rounded(r));
      }
    }
    return List.copyOf(rates);
  }

  private static int rounded(double rate) {
    return (int) (rate / RATE_STEP) * RATE_STEP;
  }

  @FunctionalInterface
  private interface Phase {
    CeilingLoad.Totals run(ViewLagProbe probe) throws InterruptedException;
  }

  private Row measure(String label, Duration loadTime, Phase phase) throws InterruptedException {
    long backlog = Math.max(0, accountedFor - applied());
    Duration bound = viewsBound(loadTime);
    try (ViewLagProbe probe = new ViewLagProbe(this::applied, accountedFor, ViewLagProbe.SAMPLE_INTERVAL)) {
      probe.start();
      CeilingLoad.Totals totals = phase.run(probe);
      lastLoadEnd = totals.endedAt();
      unavailable += totals.unavailable();
      ViewLagProbe.Views views = probe.awaitViews(totals.endNanos(), bound);
      // Complete: take in whatever else got applied (events answered unavailable that were persisted
      // all the same). Not complete: the next phase starts with this one's backlog still owed.
      accountedFor = views.completeAfter().isPresent()
          ? Math.max(views.applied(), accountedFor + totals.accepted())
          : accountedFor + totals.accepted();
      Row row = new Row(label, totals, views, bound, backlog);
      noteExtras(row);
      return row;
    }
  }

  /** The notes a row needs beyond its cells. */
  private void noteExtras(Row row) {
    CeilingLoad.Totals t = row.totals();
    ViewLagProbe.Views v = row.views();
    List<String> parts = new ArrayList<>();
    if (row.backlogAtStart() > 0) {
      parts.add(String.format(Locale.ROOT, "started with %,d earlier events not yet in views", row.backlogAtStart()));
    }
    if (t.other() > 0) {
      parts.add(String.format(Locale.ROOT, "%,d events answered neither accepted nor unavailable", t.other()));
    }
    if (t.notSent() > 0) {
      parts.add(String.format(Locale.ROOT, "%,d requests not sent (%d outstanding until the cell's end)",
          t.notSent(), CeilingLoad.PACED_MAX_IN_FLIGHT));
    }
    if (v.unprobed() > 0) {
      parts.add(String.format(Locale.ROOT, "%,d requests counted but not probed for lag", v.unprobed()));
    }
    if (v.failedSamples() > 0) {
      parts.add(v.failedSamples() + " /metrics samples failed");
    }
    if (!parts.isEmpty()) {
      notes.add(row.load() + ": " + String.join("; ", parts) + ".");
    }
  }

  private Duration viewsBound(Duration loadTime) {
    Duration left = budget.remaining().minus(loadTime).minus(driftReserve());
    Duration bound = left.compareTo(VIEWS_BOUND) < 0 ? left : VIEWS_BOUND;
    return bound.compareTo(LEAST_VIEWS_WAIT) < 0 ? LEAST_VIEWS_WAIT : bound;
  }

  private Duration driftReserve() {
    return settleTime().plus(SETTLE_MARGIN).plus(DETECTOR_ALLOWANCE);
  }

  private Duration settleTime() {
    return node.config().getDuration(SETTLE_TIME);
  }

  /**
   * Triggers the detector once the last events are older than settle-time plus a margin, and, if
   * the time limit allows, their window has closed at least settle-time ago too (the detector
   * compares only such settled windows); bounded.
   */
  private DriftCheck.Result drift() throws InterruptedException {
    Instant settled = lastLoadEnd.plus(settleTime()).plus(SETTLE_MARGIN);
    Instant closed = windows.lastClose().plus(settleTime()).plus(SETTLE_MARGIN);
    Instant latest = Instant.now().plus(budget.remaining()).minus(DETECTOR_ALLOWANCE);
    Instant target = closed.isAfter(settled) ? closed : settled;
    if (target.isAfter(latest)) {
      target = settled.isAfter(latest) ? latest : settled;
    }
    long wait = Duration.between(Instant.now(), target).toNanos();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
    Duration allowed = budget.remaining().compareTo(DETECTOR_ALLOWANCE) > 0 ? budget.remaining() : DETECTOR_ALLOWANCE;
    return DriftCheck.run(node, System.nanoTime() + allowed.toNanos());
  }

  private String driftText(DriftCheck.Result drift) {
    if (!drift.ran()) {
      return "Drift detector after the run: no report (" + drift.failure() + ").";
    }
    return String.format(Locale.ROOT, "Drift detector after the run (POST /v1/reconciliations, %s after the "
            + "last load): **%d discrepancies** (entities checked %,d, pairs still in flight on the re-check %,d; "
            + "%,d slice-windows compared; the windows settled by then hold %,d of the %,d accepted events, "
            + "the detector compares only windows closed at least settle-time before it starts).",
        seconds(Duration.between(lastLoadEnd, drift.startedAt())), drift.discrepancies(), drift.entitiesChecked(),
        drift.pairsInFlight(), drift.sliceWindowsChecked(),
        windows.inWindowsClosedBy(drift.startedAt().minus(settleTime())),
        windows.total());
  }

  private MarkdownTable table(List<Row> rows) {
    MarkdownTable table = MarkdownTable.of("load", ">accepted", ">achieved (events/s)", ">unavailable",
        ">refused requests (429)", ">failed requests", ">views complete after load (ms)", ">view lag p50 (ms)", ">view lag p99 (ms)");
    for (Row row : rows) {
      CeilingLoad.Totals t = row.totals();
      ViewLagProbe.Lag lag = row.views().lag();
      table.row(row.load(), t.accepted(), t.acceptedPerSecond(), t.unavailable(), t.refusedRequests(), t.failedRequests(),
          row.views().completeAfter().<Object>map(Duration::toMillis).orElseGet(() -> viewsText(row)),
          lagCell(lag.p50(), lag.censored()), lagCell(lag.p99(), lag.censored()));
    }
    return table;
  }

  private static String method() {
    return "How measured: achieved = accepted events / (first send → last answer). Views complete = from the "
        + "last answer until `" + TallyMetrics.PROJECTION_EVENTS + "` (sum over slices; counted from where "
        + "every earlier phase's events were in views) reaches the phase's accepted events, sampled every "
        + ViewLagProbe.SAMPLE_INTERVAL.toMillis() + " ms. View lag, per accepted request: from its answer at "
        + "the client to the first sample whose count covers every event accepted up to and including it; "
        + "an approximation (the count says how many events are in views, not which; slices apply "
        + "independently), late by up to one sample plus the scrape. Percentiles over requests; ≥ is a lower "
        + "bound (some requests not covered within the wait). Events answered `unavailable` may be persisted "
        + "all the same and would then count as applied.";
  }

  private static Object lagCell(double millis, boolean censored) {
    if (censored && !Double.isNaN(millis)) {
      return String.format(Locale.ROOT, "≥ %,.0f", millis);
    }
    return millis;
  }

  private static String viewsText(Row row) {
    return row.views().completeAfter()
        .map(d -> String.format(Locale.ROOT, "complete %,d ms after the load", d.toMillis()))
        .orElseGet(() -> String.format(Locale.ROOT, "%,d missing after %d s", row.views().missing(),
            row.viewsBound().toSeconds()));
  }

  private static String pacedLabel(int rate, double rmax, Duration cell) {
    String which = rate == rounded(rmax) ? " (Rmax)" : rate == rounded(rmax / 2) ? " (Rmax/2)" : "";
    return String.format(Locale.ROOT, "paced %,d events/s%s, %d s", rate, which, cell.toSeconds());
  }

  private static String settings(Config config) {
    return READ_SIDE_SETTINGS.stream()
        .map(p -> "`" + p + "` = " + (config.hasPath(p) ? String.valueOf(config.getValue(p).unwrapped()) : "unset"))
        .collect(Collectors.joining(", "));
  }

  private static String listed(List<Integer> rates) {
    return rates.stream().map(r -> String.format(Locale.ROOT, "%,d", r)).collect(Collectors.joining(", "));
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.0f s", d.toMillis() / 1000.0);
  }

  private long applied() {
    return (long) http.metrics().sum(TallyMetrics.PROJECTION_EVENTS, "slice=");
  }
}
