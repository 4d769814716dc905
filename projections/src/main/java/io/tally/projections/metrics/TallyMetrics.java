package io.tally.projections.metrics;

import java.time.Duration;

/** The names of Tally's reconciliation, projection and ingest metrics, in one place. */
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
  public static final String DETECTOR_WINDOWS_COMPARED = "tally_detector_windows_compared_total";
  public static final String DIVERGENCE_RATE = "tally_divergence_rate";
  public static final String REPAIRS = "tally_repairs_total";
  public static final String REPAIR_LATENCY = "tally_repair_latency_seconds";
  public static final String INGEST_OUTCOMES = "tally_ingest_outcomes_total";
  public static final String INGEST_LATE = "tally_ingest_late_total";
  public static final String INGEST_REFUSED = "tally_ingest_refused_total";
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

  private final MetricsRegistry registry;

  public TallyMetrics(MetricsRegistry registry) {
    this.registry = registry;
  }

  public MetricsRegistry registry() {
    return registry;
  }

  public void projected(int slice, long events, long redelivered, Duration lastLag) {
    String s = Integer.toString(slice);
    registry.increment(PROJECTION_EVENTS, "Events applied to window views", events, "slice", s);
    registry.increment(PROJECTION_REDELIVERED,
        "Redelivered events skipped by the per-row seqNr guard", redelivered, "slice", s);
    registry.set(PROJECTION_LAST_LAG, "Persist-to-view lag of the last group per slice",
        seconds(lastLag), "slice", s);
  }

  /**
   * When the slice's projection last applied a group (Unix seconds). Freshness is now minus this:
   * a stalled slice shows as one whose value stops moving while the others' do.
   */
  public void advanced(int slice, java.time.Instant at) {
    registry.set(PROJECTION_LAST_ADVANCED, "When the slice's projection last applied a group (Unix time)",
        at.toEpochMilli() / 1000.0, "slice", Integer.toString(slice));
  }

  public void lag(int slice, Duration lag) {
    registry.observe(PROJECTION_LAG, "Persist-to-view lag per event", seconds(lag), "slice",
        Integer.toString(slice));
  }

  public void corrected(int slice, long corrections) {
    registry.increment(PROJECTION_CORRECTIONS, "Restatements of closed windows by late changes", corrections,
        "slice", Integer.toString(slice));
  }

  /** Events eventsByTag skipped that the slice's writer read from the journal and applied. */
  public void gapsFilled(int slice, long events) {
    registry.increment(PROJECTION_GAPS_FILLED, "Events missing from eventsByTag, filled from the journal", events,
        "slice", Integer.toString(slice));
  }

  /** Missing events past max-gap-events in one group: left to the drift detector. */
  public void gapsUnfilled(int slice, long events) {
    registry.increment(PROJECTION_GAPS_UNFILLED, "Events missing from eventsByTag left to the drift detector",
        events, "slice", Integer.toString(slice));
  }

  public void divergence(String kind, Duration timeToDetect) {
    registry.increment(DIVERGENCES_FOUND, "Divergences found by the drift detector", 1, "kind", kind);
    registry.observe(TIME_TO_DETECT,
        "From the entity's last event to detection (upper bound of how long it went unseen)",
        seconds(timeToDetect));
  }

  public void open(long open) {
    registry.set(DIVERGENCES_OPEN, "Discrepancies found by the last run and not repaired", open);
  }

  public void run(String outcome, Duration took) {
    registry.increment(DETECTOR_RUNS, "Drift detector runs", 1, "outcome", outcome);
    registry.observe(DETECTOR_RUN_SECONDS, "Drift detector run duration", seconds(took));
  }

  /** One finished run: slice-windows compared, and the share of them that held a recorded discrepancy. */
  public void compared(int sliceWindows, int discrepancies) {
    registry.increment(DETECTOR_WINDOWS_COMPARED, "Slice-windows compared by the drift detector", sliceWindows);
    registry.set(DIVERGENCE_RATE, "Discrepancies per slice-window compared, last run",
        sliceWindows == 0 ? 0 : (double) discrepancies / sliceWindows);
  }

  public void repair(String outcome, Duration latency) {
    registry.increment(REPAIRS, "View repairs by outcome", 1, "outcome", outcome);
    registry.observe(REPAIR_LATENCY, "From detection to the repaired row written", seconds(latency));
  }

  /** Per-event ingest outcomes (accepted, duplicate, conflict, ...) and lateness. */
  public void ingested(String outcome, long count) {
    registry.increment(INGEST_OUTCOMES, "Ingest outcomes per event", count, "outcome", outcome);
  }

  /**
   * Accepted events whose producer sequence skipped numbers (a new gap per producer and entity;
   * which ones are missing is in the entity's state, GET /v1/entities/{key}).
   */
  public void sequenceGaps(long events) {
    registry.increment(PRODUCER_SEQUENCE_GAPS, "Accepted events that opened a gap in their producer's sequence",
        events);
  }

  /**
   * An ingest request or stream turned away before any entity was asked, by the bound that refused
   * it: requests, body_bytes, streams, entity_commands (429) or store_unavailable (503).
   */
  public void refused(String bound) {
    registry.increment(INGEST_REFUSED, "Ingest requests refused before any entity work, by bound", 1,
        "bound", bound);
  }

  /** Accepted events the entity flagged late (corrections of closed windows). */
  public void late(long count) {
    registry.increment(INGEST_LATE, "Accepted events that arrived after their window closed", count);
  }

  /** A rejected event written to the quarantine, by its reason (a rule id, conflict, gone). */
  public void quarantined(String reason, Duration took) {
    registry.increment(QUARANTINED, "Rejected events kept in the quarantine, by reason", 1, "reason", reason);
    registry.observe(QUARANTINE_WRITE_SECONDS, "Time to write one quarantine entry", seconds(took));
  }

  /** A rejected event whose quarantine write failed or timed out (its answer carries no quarantineId). */
  public void quarantineWriteFailed() {
    registry.increment(QUARANTINE_WRITE_FAILURES, "Rejected events whose quarantine write failed", 1);
  }

  /** A re-submission of a quarantined event, by the corrected event's outcome. */
  public void resubmitted(String outcome) {
    registry.increment(QUARANTINE_RESUBMISSIONS, "Re-submissions of quarantined events, by outcome", 1,
        "outcome", outcome);
  }

  /** Rows of batch files by outcome (the event outcomes: accepted, duplicate, rejected, ...). */
  public void batchRows(String outcome, long rows) {
    registry.increment(BATCH_ROWS, "Rows of batch files by outcome", rows, "outcome", outcome);
  }

  /** A batch finished (done or failed), and how long it ran on this node. */
  public void batchFinished(String status, Duration took) {
    registry.increment(BATCHES, "Batch files finished, by status", 1, "status", status);
    registry.observe(BATCH_SECONDS, "Time to run one batch file", seconds(took));
  }

  /** What compared statements found, by kind (matched, missing_in_tally, missing_in_statement, ...). */
  public void statementDifferences(String kind, long count) {
    registry.increment(STATEMENT_DIFFERENCES, "Records or windows of compared statements, by kind", count,
        "kind", kind);
  }

  /** How long comparing one statement with the ledger took (after its file was read). */
  public void statementCompared(Duration took) {
    registry.observe(STATEMENT_COMPARE_SECONDS, "Time to compare one statement with the ledger", seconds(took));
  }

  /**
   * Debezium change events by op ({@code c}, {@code u}, {@code r}, {@code d}, {@code t}, {@code m},
   * or {@code none} for messages without a known op) and outcome (the event outcomes: accepted,
   * duplicate, rejected, ...; or {@code skipped}).
   */
  public void cdcChanges(String op, String outcome, long count) {
    registry.increment(CDC_CHANGES, "Debezium change events by op and outcome", count, "op", op, "outcome", outcome);
  }

  /**
   * Records of a Kafka partition this node consumes that it has not read yet (the consumer's
   * {@code records-lag}): a partition whose lag grows is one the ledger does not keep up with.
   */
  public void cdcConsumerLag(String topic, int partition, double records) {
    registry.set(CDC_CONSUMER_LAG, "Kafka records not yet consumed, per topic and partition", records,
        "topic", topic, "partition", Integer.toString(partition));
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
