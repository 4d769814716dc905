package io.tally.projections.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

public class TallyMetricsTest {

  private final TallyMetrics metrics = TallyMetrics.create();

  @Test
  public void anObservationLandsInItsBucketRenderedWithLe() {
    // tally_projection_lag_seconds buckets: ... 0.2, 0.3, 0.4, 0.5 ...
    metrics.lag(3, Duration.ofMillis(250));
    metrics.lag(3, Duration.ofMillis(300)); // on the bound: le is inclusive
    metrics.lag(3, Duration.ofMillis(450));
    String text = metrics.scrape();
    assertTrue(text, text.contains("# TYPE tally_projection_lag_seconds histogram"));
    assertEquals(0, sample(text, "tally_projection_lag_seconds_bucket{slice=\"3\",le=\"0.2\"}"), 0);
    assertEquals(2, sample(text, "tally_projection_lag_seconds_bucket{slice=\"3\",le=\"0.3\"}"), 0);
    assertEquals(2, sample(text, "tally_projection_lag_seconds_bucket{slice=\"3\",le=\"0.4\"}"), 0);
    assertEquals(3, sample(text, "tally_projection_lag_seconds_bucket{slice=\"3\",le=\"0.5\"}"), 0);
    assertEquals(3, sample(text, "tally_projection_lag_seconds_bucket{slice=\"3\",le=\"+Inf\"}"), 0);
    assertEquals(3, sample(text, "tally_projection_lag_seconds_count{slice=\"3\"}"), 0);
    assertEquals(1.0, sample(text, "tally_projection_lag_seconds_sum{slice=\"3\"}"), 1e-9);
    assertEquals(3, metrics.count(TallyMetrics.PROJECTION_LAG, "slice", "3"));
  }

  @Test
  public void bucketsComeFromTheConfigPerHistogramWithADefault() {
    MetricsSettings settings = MetricsSettings.fromConfig(ConfigFactory.parseString(String.join("\n",
        "tally.metrics.histograms.default.buckets = [1, 2]",
        "tally.metrics.histograms.tally_repair_latency_seconds.buckets = [0.5, 7]"))
        .withFallback(ConfigFactory.defaultReference()));
    TallyMetrics custom = new TallyMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), settings);
    custom.repair("applied", Duration.ofSeconds(3));
    String text = custom.scrape();
    assertEquals(0, sample(text, "tally_repair_latency_seconds_bucket{le=\"0.5\"}"), 0);
    assertEquals(1, sample(text, "tally_repair_latency_seconds_bucket{le=\"7.0\"}"), 0);
    // The reference config names the lag histogram's buckets; this override does not touch them.
    assertEquals(List.of(1.0, 2.0), settings.buckets("some_histogram_without_an_entry"));
    assertTrue(text, text.contains("tally_detector_run_seconds_bucket{le=\"0.1\"} 0"));
  }

  @Test
  public void badBucketConfigIsRefusedAtStart() {
    assertThrows(IllegalArgumentException.class, () -> MetricsSettings.fromConfig(ConfigFactory.parseString(
        "tally.metrics.histograms.tally_batch_seconds.buckets = [5, 1]").withFallback(ConfigFactory.defaultReference())));
    assertThrows(IllegalArgumentException.class, () -> MetricsSettings.fromConfig(ConfigFactory.parseString(
        "tally.metrics.histograms.tally_batch_seconds.buckets = []").withFallback(ConfigFactory.defaultReference())));
    MetricsSettings misspelt = MetricsSettings.fromConfig(ConfigFactory.parseString(
        "tally.metrics.histograms.tally_batch_secs.buckets = [1]").withFallback(ConfigFactory.defaultReference()));
    assertThrows(IllegalArgumentException.class,
        () -> new TallyMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), misspelt));
  }

  @Test
  public void everyHistogramHasItsOwnBucketsInTheReferenceConfig() {
    MetricsSettings reference = MetricsSettings.defaults();
    for (String name : TallyMetrics.HISTOGRAMS) {
      assertFalse(name, reference.buckets(name).equals(reference.buckets("no_such_histogram")));
    }
  }

  @Test
  public void countersAndGaugesKeepTheirExposedNames() {
    metrics.ingested("duplicate", 4);
    metrics.open(2);
    metrics.advanced(1, Instant.ofEpochSecond(1_700_000_000));
    metrics.cdcConsumerLag("orders", 2, 17);
    metrics.cdcChanges("c", "accepted", 3);
    String text = metrics.scrape();
    assertTrue(text, text.contains("# TYPE tally_ingest_outcomes_total counter"));
    assertEquals(4, sample(text, "tally_ingest_outcomes_total{outcome=\"duplicate\"}"), 0);
    assertTrue(text, text.contains("# TYPE tally_divergences_open gauge"));
    assertEquals(2, sample(text, "tally_divergences_open"), 0);
    assertEquals(1.7e9, sample(text, "tally_projection_last_advanced_timestamp_seconds{slice=\"1\"}"), 0);
    assertEquals(17, sample(text, "tally_cdc_consumer_lag{partition=\"2\",topic=\"orders\"}"), 0);
    assertEquals(3, sample(text, "tally_cdc_changes_total{op=\"c\",outcome=\"accepted\"}"), 0);
    assertEquals(4, metrics.value(TallyMetrics.INGEST_OUTCOMES, "outcome", "duplicate"), 0);
    assertEquals(3, metrics.value(TallyMetrics.CDC_CHANGES, "op", "c", "outcome", "accepted"), 0);
  }

  @Test
  public void seriesWithoutLabelsAndKnownLabelValuesExistBeforeTheirFirstEvent() {
    String text = metrics.scrape();
    for (String family : List.of("tally_divergence_time_to_detect_seconds_count", "tally_repair_latency_seconds_count",
        "tally_divergences_open", "tally_detector_last_run_timestamp_seconds", "tally_producer_sequence_gaps_total",
        "tally_repairs_total{outcome=\"failed\"}", "tally_divergences_found_total{kind=\"missing\"}",
        "tally_detector_runs_total{outcome=\"failed\"}", "tally_http_server_requests_in_flight")) {
      assertEquals(family, 0, sample(text, family), 0);
    }
    metrics.preRegister(TallyMetrics.INGEST_OUTCOMES, List.of("accepted", "rejected"));
    assertEquals(0, sample(metrics.scrape(), "tally_ingest_outcomes_total{outcome=\"rejected\"}"), 0);
    assertThrows(IllegalArgumentException.class, () -> metrics.preRegister(TallyMetrics.CDC_CHANGES, List.of("c")));
  }

  @Test
  public void quantilesAreEstimatedFromTheBucketsLikeHistogramQuantile() {
    assertTrue(Double.isNaN(metrics.quantile(TallyMetrics.PROJECTION_LAG, 0.5, "slice", "0")));
    for (int i = 0; i < 100; i++) {
      metrics.lag(0, Duration.ofMillis(i < 90 ? 150 : 700)); // 90 in (0.1, 0.2], 10 in (0.5, 0.75]
    }
    // rank 50 of 90 in (0.1, 0.2]: 0.1 + 0.1 * 50/90
    assertEquals(0.1 + 0.1 * 50 / 90.0, metrics.quantile(TallyMetrics.PROJECTION_LAG, 0.5, "slice", "0"), 1e-9);
    // rank 99: the 9th of 10 in (0.5, 0.75]
    assertEquals(0.5 + 0.25 * 9 / 10.0, metrics.quantile(TallyMetrics.PROJECTION_LAG, 0.99, "slice", "0"), 1e-9);
    metrics.lag(1, Duration.ofMinutes(20)); // past the highest bound: the highest bound
    assertEquals(300, metrics.quantile(TallyMetrics.PROJECTION_LAG, 1.0, "slice", "1"), 0);
    // Over every slice: 101 observations.
    assertEquals(101, metrics.count(TallyMetrics.PROJECTION_LAG));
  }

  @Test
  public void aNegativeDurationCountsAsZero() {
    metrics.lag(2, Duration.ofMillis(-40)); // clock skew between nodes
    String text = metrics.scrape();
    assertEquals(1, sample(text, "tally_projection_lag_seconds_bucket{slice=\"2\",le=\"0.05\"}"), 0);
    assertEquals(1, metrics.count(TallyMetrics.PROJECTION_LAG, "slice", "2"));
  }

  @Test
  public void labelValuesPastTheBoundAreCountedAsOther() {
    MetricsSettings small = MetricsSettings.fromConfig(ConfigFactory.parseString(
        "tally.metrics.max-series-per-metric = 3").withFallback(ConfigFactory.defaultReference()));
    TallyMetrics bounded = new TallyMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), small);
    for (int i = 0; i < 10; i++) {
      bounded.quarantined("rule-" + i, Duration.ofMillis(1));
    }
    assertEquals(3, bounded.value(TallyMetrics.QUARANTINED, "reason", "rule-0")
        + bounded.value(TallyMetrics.QUARANTINED, "reason", "rule-1")
        + bounded.value(TallyMetrics.QUARANTINED, "reason", "rule-2"), 0);
    assertEquals(7, bounded.value(TallyMetrics.QUARANTINED, "reason", Series.OTHER), 0);
    assertEquals(0, bounded.value(TallyMetrics.QUARANTINED, "reason", "rule-5"), 0);
  }

  @Test
  public void aSeriesIsRegisteredOnceAndFoundByItsLabelValues() {
    Series<Object> series = new Series<>("m", List.of("a", "b"), 10, tags -> new Object());
    assertSame(series.get("x", "y"), series.get("x", "y"));
    assertFalse(series.get("x", "y") == series.get("y", "x"));
    assertThrows(IllegalArgumentException.class, () -> series.get("x"));
    Series<Object> slices = new Series<>("s", List.of("slice"), 10, tags -> new Object());
    assertSame(slices.get(7), slices.get(7));
  }

  @Test
  public void httpRequestsAreAHistogramByMethodRouteAndStatus() {
    metrics.httpStarted();
    assertEquals(1, metrics.value(TallyMetrics.HTTP_IN_FLIGHT), 0);
    metrics.httpFinished("POST", "/v1/events", 503, 3_000_000);
    assertEquals(0, metrics.value(TallyMetrics.HTTP_IN_FLIGHT), 0);
    String text = metrics.scrape();
    assertEquals(1, sample(text, "tally_http_server_requests_seconds_bucket{method=\"POST\",route=\"/v1/events\","
        + "status=\"503\",status_class=\"5xx\",le=\"0.005\"}"), 0);
    assertEquals(0, sample(text, "tally_http_server_requests_seconds_bucket{method=\"POST\",route=\"/v1/events\","
        + "status=\"503\",status_class=\"5xx\",le=\"0.0025\"}"), 0);
  }

  /** The value of one sample line, by its exact name and labels as rendered. */
  static double sample(String text, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
    if (!m.find()) {
      throw new AssertionError("no sample " + series + " in\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }
}
