package io.tally.http;

import static org.junit.Assert.assertEquals;

import java.util.Set;
import org.junit.Test;

public class PromQlNamesTest {

  @Test
  public void histogramQuantileOverBuckets() {
    assertEquals(Set.of("tally_projection_lag_seconds_bucket"), PromQlNames.of(
        "histogram_quantile(0.99, sum by (le, slice) (rate(tally_projection_lag_seconds_bucket{job=~\"$job\"}"
            + "[$__rate_interval])))"));
  }

  @Test
  public void matchersGroupingAndVectorMatching() {
    assertEquals(Set.of("tally_divergences_open", "tally_detector_last_run_timestamp_seconds"), PromQlNames.of(
        "max(tally_divergences_open and on(instance) (tally_detector_last_run_timestamp_seconds"
            + " == scalar(max(tally_detector_last_run_timestamp_seconds{job=\"tally\", le!=\"1.0\"})))) > 0"));
    assertEquals(Set.of("a_total", "b_count"), PromQlNames.of(
        "sum without (instance) (increase(a_total{outcome=\"failed\"}[1h] offset 5m)) / ignoring(x) group_left(y) b_count"));
  }

  @Test
  public void functionsNumbersAndVariablesAreNoMetrics() {
    assertEquals(Set.of("tally_projection_last_advanced_timestamp_seconds"), PromQlNames.of(
        "time() - max by (slice) (tally_projection_last_advanced_timestamp_seconds) > 600 or vector(0) * 1e3"));
    assertEquals(Set.of("jvm_memory_used_bytes"), PromQlNames.of("sum by (instance) (jvm_memory_used_bytes{area=\"heap\","
        + " instance=~\"${instance}\"}) / 1024"));
  }

  @Test
  public void labelValuesNamesItsMetric() {
    assertEquals(Set.of("tally_ingest_outcomes_total"),
        PromQlNames.ofVariableQuery("label_values(tally_ingest_outcomes_total, job)"));
    assertEquals(Set.of(), PromQlNames.ofVariableQuery("label_values(job)"));
  }
}
