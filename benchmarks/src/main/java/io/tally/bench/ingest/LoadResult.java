package io.tally.bench.ingest;

import io.tally.bench.report.LatencyRecorder;

/**
 * What one writer achieved in one cell: events acknowledged per second over the measured window,
 * and the request latencies (warm-up excluded).
 */
public record LoadResult(
    String writer, LoadCell cell, long events, long failures, double seconds, LatencyRecorder.Percentiles latency) {

  public double eventsPerSecond() {
    return events / seconds;
  }
}
