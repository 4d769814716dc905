package io.tally.projections.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tally.projections.drift.DiscrepancyKind;
import io.tally.projections.repair.RepairStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tally's metrics: their names in one place, and the one method per thing that happened that
 * records it. On Micrometer's Prometheus registry ({@link #registry()}, rendered by
 * {@link #scrape()}): counters, gauges, and histograms with explicit buckets
 * ({@code tally.metrics.histograms}), which Prometheus can sum across nodes.
 *
 * <p>Each labelled metric keeps its series in a map by label values ({@link Series}): recording is
 * a map look-up and an atomic add, with no registry search on the ingest and projection paths.
 * Label values are bounded (outcomes, kinds, slices, route templates); past
 * {@code tally.metrics.max-series-per-metric} they are counted under {@code other}.
 *
 * <p>The exposed names are the constants here: Micrometer keeps them as given (a counter's name
 * already ends in {@code _total}; a histogram's in {@code _seconds}, with {@code _bucket},
 * {@code _count} and {@code _sum} series, plus Micrometer's {@code _max} gauge).
 */
public final class TallyMetrics {

  public static final String PROJECTION_LAG = "tally_projection_lag_seconds";
  public static final String PROJECTION_LAST_LAG = "tally_projection_last_lag_seconds";
  public static final String PROJECTION_EVENTS = "tally_projection_events_total";
  public static final String PROJECTION_REDELIVERED = "tally_projection_redelivered_total";
  public static final String PROJECTION_CORRECTIONS = "tally_window_corrections_total";
  public static final String PROJECTION_LAST_ADVANCED = "tally_projection_last_advanced_timestamp_seconds";
  public static final String PROJECTION_GAPS_FILLED = "tally_projection_gaps_filled_total";
  public static final String PROJECTION_GAPS_UNFILLED = "tally_projection_gaps_unfilled_total";
  public static final String DIVERGENCES_FOUND = "tally_divergences_found_total";
  public static final String DIVERGENCES_OPEN = "tally_divergences_open";
  public static final String TIME_TO_DETECT = "tally_divergence_time_to_detect_seconds";
  public static final String DETECTOR_RUNS = "tally_detector_runs_total";
  public static final String DETECTOR_RUN_SECONDS = "tally_detector_run_seconds";
  public static final String DETECTOR_LAST_RUN = "tally_detector_last_run_timestamp_seconds";
  public static final String DETECTOR_WINDOWS_COMPARED = "tally_detector_windows_compared_total";
  public static final String DIVERGENCE_RATE = "tally_divergence_rate";
  public static final String REPAIRS = "tally_repairs_total";
  public static final String REPAIR_LATENCY = "tally_repair_latency_seconds";
  public static final String INGEST_OUTCOMES = "tally_ingest_outcomes_total";
  public static final String INGEST_LATE = "tally_ingest_late_total";
  public static final String INGEST_REFUSED = "tally_ingest_refused_total";
  /** The entity commands ingest may drive at once now (the adaptive admission limit; registered by the node). */
  public static final String INGEST_ENTITY_COMMANDS_LIMIT = "tally_ingest_entity_commands_limit";
  /** The entity commands ingest drives now (registered by the node). */
  public static final String INGEST_ENTITY_COMMANDS_IN_FLIGHT = "tally_ingest_entity_commands_in_flight";
  public static final String PRODUCER_SEQUENCE_GAPS = "tally_producer_sequence_gaps_total";
  public static final String QUARANTINED = "tally_quarantined_total";
  public static final String QUARANTINE_WRITE_FAILURES = "tally_quarantine_write_failures_total";
  public static final String QUARANTINE_WRITE_SECONDS = "tally_quarantine_write_seconds";
  public static final String QUARANTINE_RESUBMISSIONS = "tally_quarantine_resubmissions_total";
  public static final String BATCH_ROWS = "tally_batch_rows_total";
  public static final String BATCHES = "tally_batches_total";
  public static final String BATCH_SECONDS = "tally_batch_seconds";
  public static final String STATEMENT_DIFFERENCES = "tally_statement_differences_total";
  public static final String STATEMENT_COMPARE_SECONDS = "tally_statement_compare_seconds";
  public static final String CDC_CHANGES = "tally_cdc_changes_total";
  public static final String CDC_CONSUMER_LAG = "tally_cdc_consumer_lag";
  /** HTTP requests by method, route template, status and status class (a histogram). */
  public static final String HTTP_REQUESTS = "tally_http_server_requests_seconds";
  public static final String HTTP_IN_FLIGHT = "tally_http_server_requests_in_flight";
  /** Cluster members by status, as this node sees them (registered by the node, which has the cluster). */
  public static final String CLUSTER_MEMBERS = "tally_cluster_members";
  /** Members this node's failure detector marks unreachable. */
  public static final String CLUSTER_UNREACHABLE = "tally_cluster_unreachable_members";

  /** Every histogram; each has its buckets under {@code tally.metrics.histograms.<name>}. */
  public static final List<String> HISTOGRAMS = List.of(PROJECTION_LAG, TIME_TO_DETECT, DETECTOR_RUN_SECONDS,
      REPAIR_LATENCY, QUARANTINE_WRITE_SECONDS, BATCH_SECONDS, STATEMENT_COMPARE_SECONDS, HTTP_REQUESTS);

  private final PrometheusMeterRegistry registry;
  private final MetricsSettings settings;
  private final Map<String, Series<?>> byName = new HashMap<>();

  private final Series<Counter> projectionEvents;
  private final Series<Counter> projectionRedelivered;
  private final Series<GaugeCell> projectionLastLag;
  private final Series<GaugeCell> projectionLastAdvanced;
  private final Series<Timer> projectionLag;
  private final Series<Counter> corrections;
  private final Series<Counter> gapsFilled;
  private final Series<Counter> gapsUnfilled;
  private final Series<Counter> divergencesFound;
  private final Series<Timer> timeToDetect;
  private final Series<GaugeCell> divergencesOpen;
  private final Series<Counter> detectorRuns;
  private final Series<Timer> detectorRunSeconds;
  private final Series<GaugeCell> detectorLastRun;
  private final Series<Counter> windowsCompared;
  private final Series<GaugeCell> divergenceRate;
  private final Series<Counter> repairs;
  private final Series<Timer> repairLatency;
  private final Series<Counter> ingestOutcomes;
  private final Series<Counter> sequenceGaps;
  private final Series<Counter> refused;
  private final Series<Counter> late;
  private final Series<Counter> quarantined;
  private final Series<Timer> quarantineWriteSeconds;
  private final Series<Counter> quarantineWriteFailures;
  private final Series<Counter> resubmissions;
  private final Series<Counter> batchRows;
  private final Series<Counter> batches;
  private final Series<Timer> batchSeconds;
  private final Series<Counter> statementDifferences;
  private final Series<Timer> statementCompareSeconds;
  private final Series<Counter> cdcChanges;
  private final Series<GaugeCell> cdcConsumerLag;
  private final Series<Timer> httpRequests;
  private final AtomicLong httpInFlight = new AtomicLong();

  /** On a registry of the node's ({@link NodeMetrics}), with its settings. */
  public TallyMetrics(PrometheusMeterRegistry registry, MetricsSettings settings) {
    this.registry = registry;
    this.settings = settings;
    settings.requireKnown(HISTOGRAMS);

    projectionEvents = counter(PROJECTION_EVENTS, "Events applied to window views", "slice");
    projectionRedelivered = counter(PROJECTION_REDELIVERED, "Redelivered events skipped by the per-row seqNr guard",
        "slice");
    projectionLastLag = gauge(PROJECTION_LAST_LAG, "Persist-to-view lag of the last group per slice", "slice");
    projectionLastAdvanced = gauge(PROJECTION_LAST_ADVANCED,
        "When the slice's projection last applied a group (Unix time)", "slice");
    projectionLag = histogram(PROJECTION_LAG, "Persist-to-view lag per event", "slice");
    corrections = counter(PROJECTION_CORRECTIONS, "Restatements of closed windows by late changes", "slice");
    gapsFilled = counter(PROJECTION_GAPS_FILLED, "Events missing from eventsByTag, filled from the journal", "slice");
    gapsUnfilled = counter(PROJECTION_GAPS_UNFILLED, "Events missing from eventsByTag left to the drift detector",
        "slice");
    divergencesFound = counter(DIVERGENCES_FOUND, "Divergences found by the drift detector", "kind");
    timeToDetect = histogram(TIME_TO_DETECT,
        "From the close of the entity's window to detection (upper bound of how long it went unseen)");
    divergencesOpen = gauge(DIVERGENCES_OPEN, "Discrepancies found by this node's last detector run and not repaired");
    detectorRuns = counter(DETECTOR_RUNS, "Drift detector runs", "outcome");
    detectorRunSeconds = histogram(DETECTOR_RUN_SECONDS, "Drift detector run duration");
    detectorLastRun = gauge(DETECTOR_LAST_RUN, "When this node's last drift detector run ended (Unix time; 0: none yet)");
    windowsCompared = counter(DETECTOR_WINDOWS_COMPARED, "Slice-windows compared by the drift detector");
    divergenceRate = gauge(DIVERGENCE_RATE, "Discrepancies per slice-window compared, last run");
    repairs = counter(REPAIRS, "View repairs by outcome", "outcome");
    repairLatency = histogram(REPAIR_LATENCY, "From detection or approval to the repaired row written");
    ingestOutcomes = counter(INGEST_OUTCOMES, "Ingest outcomes per event", "outcome");
    sequenceGaps = counter(PRODUCER_SEQUENCE_GAPS, "Accepted events that opened a gap in their producer's sequence");
    refused = counter(INGEST_REFUSED, "Ingest requests refused before any entity work, by bound", "bound");
    late = counter(INGEST_LATE, "Accepted events that arrived after their window closed");
    quarantined = counter(QUARANTINED, "Rejected events kept in the quarantine, by reason", "reason");
    quarantineWriteSeconds = histogram(QUARANTINE_WRITE_SECONDS, "Time to write one quarantine entry");
    quarantineWriteFailures = counter(QUARANTINE_WRITE_FAILURES, "Rejected events whose quarantine write failed");
    resubmissions = counter(QUARANTINE_RESUBMISSIONS, "Re-submissions of quarantined events, by outcome", "outcome");
    batchRows = counter(BATCH_ROWS, "Rows of batch files by outcome", "outcome");
    batches = counter(BATCHES, "Batch files finished, by status", "status");
    batchSeconds = histogram(BATCH_SECONDS, "Time to run one batch file");
    statementDifferences = counter(STATEMENT_DIFFERENCES, "Records or windows of compared statements, by kind",
        "kind");
    statementCompareSeconds = histogram(STATEMENT_COMPARE_SECONDS, "Time to compare one statement with the ledger");
    cdcChanges = counter(CDC_CHANGES, "Debezium change events by op and outcome", "op", "outcome");
    cdcConsumerLag = gauge(CDC_CONSUMER_LAG, "Kafka records not yet consumed, per topic and partition", "topic",
        "partition");
    httpRequests = histogram(HTTP_REQUESTS, "HTTP requests by method, route template and status", "method", "route",
        "status", "status_class");
    Gauge.builder(HTTP_IN_FLIGHT, httpInFlight, AtomicLong::get)
        .description("HTTP requests this node is working on (until their response starts)")
        .register(registry);

    // Series that exist before their first event: scraped (and rate() works) from the start.
    for (Series<?> s : byName.values()) {
      if (s.labels().isEmpty()) {
        s.get();
      }
    }
    Arrays.stream(DiscrepancyKind.values()).forEach(k -> divergencesFound.get(k.wireName()));
    List.of(RepairStatus.APPLIED, RepairStatus.NO_CHANGE, RepairStatus.FAILED)
        .forEach(s -> repairs.get(s.wireName()));
    List.of("completed", "failed").forEach(detectorRuns::get);
  }

  /** On a registry of its own with the reference settings: tests, tools and benchmarks. */
  public static TallyMetrics create() {
    return new TallyMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), MetricsSettings.defaults());
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public MetricsSettings settings() {
    return settings;
  }

  /** Every metric of the registry in the Prometheus text format 0.0.4. */
  public String scrape() {
    return registry.scrape();
  }

  /**
   * Creates the series of these values of a one-label counter at zero, so that they are scraped
   * (and alerts on their rate work) before the first such event: e.g. every ingest outcome.
   */
  public void preRegister(String counter, Collection<String> values) {
    Series<?> series = byName.get(counter);
    if (series == null || series.labels().size() != 1) {
      throw new IllegalArgumentException(counter + " is not a one-label metric of Tally's");
    }
    values.forEach(series::get);
  }

  /**
   * The slice's writer started on this node: its counters exist from now (at zero), so that their
   * rates are there before the slice's first gap or correction.
   */
  public void sliceStarted(int slice) {
    for (Series<Counter> counter : List.of(projectionEvents, projectionRedelivered, corrections, gapsFilled,
        gapsUnfilled)) {
      counter.get(slice);
    }
  }

  public void projected(int slice, long events, long redelivered, Duration lastLag) {
    projectionEvents.get(slice).increment(events);
    projectionRedelivered.get(slice).increment(redelivered);
    projectionLastLag.get(slice).set(seconds(lastLag));
  }

  /**
   * When the slice's projection last applied a group (Unix seconds). Freshness is now minus this:
   * a stalled slice shows as one whose value stops moving while the others' do.
   */
  public void advanced(int slice, Instant at) {
    projectionLastAdvanced.get(slice).set(at.toEpochMilli() / 1000.0);
  }

  /** One event's persist-to-view lag (a negative one, from clock skew between nodes, counts as 0). */
  public void lag(int slice, Duration lag) {
    record(projectionLag.get(slice), lag);
  }

  public void corrected(int slice, long corrections) {
    this.corrections.get(slice).increment(corrections);
  }

  /** Events eventsByTag skipped that the slice's writer read from the journal and applied. */
  public void gapsFilled(int slice, long events) {
    gapsFilled.get(slice).increment(events);
  }

  /** Missing events past max-gap-events in one group: left to the drift detector. */
  public void gapsUnfilled(int slice, long events) {
    gapsUnfilled.get(slice).increment(events);
  }

  public void divergence(String kind, Duration timeToDetect) {
    divergencesFound.get(kind).increment();
    record(this.timeToDetect.get(), timeToDetect);
  }

  public void open(long open) {
    divergencesOpen.get().set(open);
  }

  /** A detector run ended at {@code endedAt} with this outcome ({@code completed} or {@code failed}). */
  public void run(String outcome, Duration took, Instant endedAt) {
    detectorRuns.get(outcome).increment();
    record(detectorRunSeconds.get(), took);
    detectorLastRun.get().set(endedAt.toEpochMilli() / 1000.0);
  }

  /** One finished run: slice-windows compared, and the share of them that held a recorded discrepancy. */
  public void compared(int sliceWindows, int discrepancies) {
    windowsCompared.get().increment(sliceWindows);
    divergenceRate.get().set(sliceWindows == 0 ? 0 : (double) discrepancies / sliceWindows);
  }

  public void repair(String outcome, Duration latency) {
    repairs.get(outcome).increment();
    record(repairLatency.get(), latency);
  }

  /** Per-event ingest outcomes (accepted, duplicate, conflict, ...). */
  public void ingested(String outcome, long count) {
    ingestOutcomes.get(outcome).increment(count);
  }

  /**
   * Accepted events whose producer sequence skipped numbers (a new gap per producer and entity;
   * which ones are missing is in the entity's state, GET /v1/entities/{key}).
   */
  public void sequenceGaps(long events) {
    sequenceGaps.get().increment(events);
  }

  /**
   * An ingest request or stream turned away before any entity was asked, by the bound that refused
   * it: requests, body_bytes, streams, entity_commands (429) or store_unavailable (503).
   */
  public void refused(String bound) {
    refused.get(bound).increment();
  }

  /** Accepted events the entity flagged late (corrections of closed windows). */
  public void late(long count) {
    late.get().increment(count);
  }

  /** A rejected event written to the quarantine, by its reason (a rule id, conflict, gone). */
  public void quarantined(String reason, Duration took) {
    quarantined.get(reason).increment();
    record(quarantineWriteSeconds.get(), took);
  }

  /** A rejected event whose quarantine write failed or timed out (its answer carries no quarantineId). */
  public void quarantineWriteFailed() {
    quarantineWriteFailures.get().increment();
  }

  /** A re-submission of a quarantined event, by the corrected event's outcome. */
  public void resubmitted(String outcome) {
    resubmissions.get(outcome).increment();
  }

  /** Rows of batch files by outcome (the event outcomes: accepted, duplicate, rejected, ...). */
  public void batchRows(String outcome, long rows) {
    batchRows.get(outcome).increment(rows);
  }

  /** A batch finished (done or failed), and how long it ran on this node. */
  public void batchFinished(String status, Duration took) {
    batches.get(status).increment();
    record(batchSeconds.get(), took);
  }

  /** What compared statements found, by kind (matched, missing_in_tally, missing_in_statement, ...). */
  public void statementDifferences(String kind, long count) {
    statementDifferences.get(kind).increment(count);
  }

  /** How long comparing one statement with the ledger took (after its file was read). */
  public void statementCompared(Duration took) {
    record(statementCompareSeconds.get(), took);
  }

  /**
   * Debezium change events by op ({@code c}, {@code u}, {@code r}, {@code d}, {@code t}, {@code m},
   * or {@code none} for messages without a known op) and outcome (the event outcomes: accepted,
   * duplicate, rejected, ...; or {@code skipped}).
   */
  public void cdcChanges(String op, String outcome, long count) {
    cdcChanges.get(op, outcome).increment(count);
  }

  /**
   * Records of a Kafka partition this node consumes that it has not read yet (the consumer's
   * {@code records-lag}): a partition whose lag grows is one the ledger does not keep up with.
   */
  public void cdcConsumerLag(String topic, int partition, double records) {
    cdcConsumerLag.get(topic, Integer.toString(partition)).set(records);
  }

  /** An HTTP request arrived (the in-flight gauge); {@link #httpFinished} follows. */
  public void httpStarted() {
    httpInFlight.incrementAndGet();
  }

  /**
   * An HTTP request's response started: {@code route} is its route template (never the raw path),
   * {@code status} its status code, or null when the route gave no response (a rejection
   * reaching the server).
   */
  public void httpFinished(String method, String route, Integer status, long nanos) {
    httpInFlight.decrementAndGet();
    String code = status == null ? "none" : status.toString();
    String statusClass = status == null ? "none" : (status / 100) + "xx";
    httpRequests.get(method, route, code, statusClass).record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  // Reading back: tests, reports and benchmarks.

  /**
   * A counter's count or a gauge's value, summed over the series of {@code name} that have these
   * labels (name/value pairs; none: every series). 0 when there is none.
   */
  public double value(String name, String... labels) {
    double sum = 0;
    for (Meter m : registry.find(name).tags(labels).meters()) {
      if (m instanceof Counter c) {
        sum += c.count();
      } else if (m instanceof Gauge g) {
        sum += g.value();
      } else if (m instanceof Timer t) {
        sum += t.count();
      }
    }
    return sum;
  }

  /** Observations of a histogram, over its series that have these labels. */
  public long count(String name, String... labels) {
    return registry.find(name).tags(labels).timers().stream().mapToLong(Timer::count).sum();
  }

  /**
   * Quantile {@code q} of a histogram over its series that have these labels, estimated from the
   * buckets as Prometheus' {@code histogram_quantile} does (linear within the bucket); NaN when it
   * has no observation. Only as fine as the buckets.
   */
  public double quantile(String name, double q, String... labels) {
    Map<Double, Double> cumulative = new TreeMap<>();
    long total = 0;
    for (Timer t : registry.find(name).tags(labels).timers()) {
      for (CountAtBucket b : t.takeSnapshot().histogramCounts()) {
        cumulative.merge(b.bucket(TimeUnit.SECONDS), b.count(), Double::sum);
      }
      total += t.count();
    }
    return Buckets.quantile(q, new ArrayList<>(cumulative.keySet()),
        cumulative.values().stream().mapToDouble(Double::doubleValue).toArray(), total);
  }

  private Series<Counter> counter(String name, String help, String... labels) {
    return add(new Series<>(name, List.of(labels), settings.maxSeriesPerMetric(),
        tags -> Counter.builder(name).description(help).tags(tags).register(registry)));
  }

  private Series<GaugeCell> gauge(String name, String help, String... labels) {
    return add(new Series<>(name, List.of(labels), settings.maxSeriesPerMetric(), tags -> {
      GaugeCell cell = new GaugeCell();
      Gauge.builder(name, cell, GaugeCell::get).description(help).tags(tags)
          .strongReference(true).register(registry);
      return cell;
    }));
  }

  private Series<Timer> histogram(String name, String help, String... labels) {
    Duration[] buckets = settings.buckets(name).stream()
        .map(s -> Duration.ofNanos(Math.round(s * 1e9))).toArray(Duration[]::new);
    return add(new Series<>(name, List.of(labels), settings.maxSeriesPerMetric(),
        tags -> Timer.builder(name).description(help).tags(tags).serviceLevelObjectives(buckets)
            .register(registry)));
  }

  private <T> Series<T> add(Series<T> series) {
    byName.put(series.metric(), series);
    return series;
  }

  private static void record(Timer timer, Duration d) {
    timer.record(Math.max(0, d.toNanos()), TimeUnit.NANOSECONDS);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
