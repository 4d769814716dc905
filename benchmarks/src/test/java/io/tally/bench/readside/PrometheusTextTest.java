package io.tally.bench.readside;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.tally.projections.metrics.TallyMetrics;
import java.time.Duration;
import org.junit.Test;

public class PrometheusTextTest {

  @Test
  public void theWorstSlicesQuantileFromTheScrapedBuckets() {
    TallyMetrics metrics = TallyMetrics.create();
    for (int i = 0; i < 10; i++) {
      metrics.lag(0, Duration.ofMillis(150)); // (0.1, 0.2]
      metrics.lag(1, Duration.ofMillis(450)); // (0.4, 0.5]
    }
    PrometheusText text = new PrometheusText(metrics.scrape());
    // Slice 1 is the worst: the median of 10 in (0.4, 0.5] is 0.4 + 0.1 * 5/10.
    assertEquals(0.45, text.maxQuantile(TallyMetrics.PROJECTION_LAG, 0.5, "slice="), 1e-9);
    assertEquals(0.15, text.maxQuantile(TallyMetrics.PROJECTION_LAG, 0.5, "slice=\"0\""), 1e-9);
    assertEquals(metrics.quantile(TallyMetrics.PROJECTION_LAG, 0.99, "slice", "1"),
        text.maxQuantile(TallyMetrics.PROJECTION_LAG, 0.99, "slice="), 1e-9);
    assertEquals(20, text.sum(TallyMetrics.PROJECTION_LAG + "_count", "slice="), 0);
    assertTrue(Double.isNaN(text.maxQuantile(TallyMetrics.PROJECTION_LAG, 0.5, "slice=\"7\"")));
  }
}
