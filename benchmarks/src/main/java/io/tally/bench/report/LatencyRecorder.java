package io.tally.bench.report;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies of one measured cell, recorded from any number of threads into an HDR histogram
 * (3 significant digits, 1 µs to {@link #MAX_TRACKABLE}). Percentiles come back in milliseconds.
 */
public final class LatencyRecorder {

  /** Longer latencies are clamped to this (a request that slow is a failure anyway). */
  public static final long MAX_TRACKABLE = TimeUnit.MINUTES.toMicros(2);
  private static final int SIGNIFICANT_DIGITS = 3;

  private final Recorder recorder = new Recorder(1, MAX_TRACKABLE, SIGNIFICANT_DIGITS);
  private final Histogram total = new Histogram(1, MAX_TRACKABLE, SIGNIFICANT_DIGITS);

  /** Records one latency measured in nanoseconds. Thread-safe and wait-free. */
  public void recordNanos(long nanos) {
    long micros = Math.max(1, Math.min(MAX_TRACKABLE, TimeUnit.NANOSECONDS.toMicros(nanos)));
    recorder.recordValue(micros);
  }

  /** Everything recorded so far, for percentiles (call from one thread). */
  public synchronized Percentiles percentiles() {
    total.add(recorder.getIntervalHistogram());
    return new Percentiles(
        total.getTotalCount(),
        millis(total.getValueAtPercentile(50)),
        millis(total.getValueAtPercentile(99)),
        millis(total.getValueAtPercentile(99.9)),
        millis(total.getMaxValue()));
  }

  private static double millis(long micros) {
    return micros / 1000.0;
  }

  /** Latency percentiles in milliseconds over {@code count} observations. */
  public record Percentiles(long count, double p50, double p99, double p999, double max) {}
}
