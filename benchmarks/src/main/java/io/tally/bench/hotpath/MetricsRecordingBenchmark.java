package io.tally.bench.hotpath;

import io.tally.projections.metrics.TallyMetrics;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What recording a metric costs on the paths that record per event or per request (TallyMetrics
 * on Micrometer's Prometheus registry): an ingest outcome count (a one-label counter), one event's
 * projection lag (a per-slice histogram with 16 buckets), and one HTTP request (a four-label
 * histogram with 14 buckets). Each is a map look-up of the cached series and an atomic update.
 */
@State(Scope.Benchmark)
public class MetricsRecordingBenchmark {

  private static final String[] OUTCOMES = {"accepted", "duplicate", "rejected"};
  private static final Duration[] LAGS = {Duration.ofMillis(120), Duration.ofMillis(340), Duration.ofMillis(900)};

  private TallyMetrics metrics;
  private int next;

  @Setup
  public void setUp() {
    metrics = TallyMetrics.create();
  }

  @Benchmark
  public void ingestOutcome() {
    metrics.ingested(OUTCOMES[next++ % OUTCOMES.length], 1);
  }

  @Benchmark
  public void projectionLag() {
    int i = next++;
    metrics.lag(i & 7, LAGS[i % LAGS.length]);
  }

  @Benchmark
  public void httpRequest() {
    int i = next++;
    metrics.httpStarted();
    metrics.httpFinished("POST", "/v1/events", (i & 15) == 0 ? 429 : 200, 2_000_000L + (i & 1023) * 1000L);
  }
}
