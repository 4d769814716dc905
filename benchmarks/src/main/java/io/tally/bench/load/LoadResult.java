package io.tally.bench.load;

import io.tally.bench.report.LatencyRecorder;

/**
 * What one writer achieved in one cell: the counts of the measured window, events accepted over
 * the whole load (warm-up and the last answers after the window included: what the node has to
 * project), and the latencies of the window's answered, admitted requests.
 *
 * @param offeredEventsPerSecond an open loop's rate, 0 for a closed loop
 * @param seconds the measured window
 */
public record LoadResult(String writer, LoadCell cell, double offeredEventsPerSecond, double seconds,
    Outcomes window, long acceptedTotal, LatencyRecorder.Percentiles latency) {

  public double eventsPerSecond() {
    return window.accepted() / seconds;
  }

  public double refusedPerSecond() {
    return window.refusedRequests() / seconds;
  }

  public long failures() {
    return window.failedRequests();
  }
}
