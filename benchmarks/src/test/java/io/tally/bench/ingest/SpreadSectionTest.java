package io.tally.bench.ingest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.tally.bench.load.LoadCell;
import io.tally.bench.load.LoadResult;
import io.tally.bench.load.Outcomes;
import io.tally.bench.report.LatencyRecorder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class SpreadSectionTest {

  private static LoadResult run(int concurrency, long accepted, long unavailable, long refused) {
    return new LoadResult("tally-http", new LoadCell(LoadCell.Shape.SPREAD, concurrency, 100), 0, 10,
        new Outcomes(accepted / 100, accepted, 0, unavailable, 0, refused, 0, 0, 0), accepted,
        new LatencyRecorder.Percentiles(accepted / 100, 10, 20, 30, 40));
  }

  private static Map<Integer, Map<String, List<LoadResult>>> cells() {
    Map<Integer, Map<String, List<LoadResult>>> byConcurrency = new LinkedHashMap<>();
    byConcurrency.put(8, Map.of("tally-http", List.of(run(8, 40_000, 0, 0), run(8, 42_000, 0, 0))));
    byConcurrency.put(64, Map.of("tally-http", List.of(run(64, 60_000, 0, 0), run(64, 62_000, 0, 3))));
    byConcurrency.put(256, Map.of("tally-http", List.of(run(256, 56_000, 100, 40), run(256, 0, 0, 900))));
    return byConcurrency;
  }

  @Test
  public void thePeakIsTheBestMedianAndEveryRunFromItsConcurrencyUpIsJudged() {
    SpreadSection.Peak peak = SpreadSection.Peak.of(cells(), "tally-http");
    assertEquals(64, peak.concurrency());
    assertEquals(6_100, peak.eventsPerSecond(), 0);
    String verdict = peak.verdict(cells(), "tally-http");
    // The run at 256 that accepted nothing is a collapse to 0 % of the peak, not a missing figure.
    assertTrue(verdict, verdict.contains("lowest single run 0 % of the peak, 100 events answered `unavailable`, "
        + "943 requests refused"));
  }

  @Test
  public void costsArePerAcceptedEventAndTheirMediansAreTabled() {
    StoreCost.PerEvent cost = StoreCost.between(new StoreCost.Sample(1_000_000, 2_000_000, 10, 4),
        new StoreCost.Sample(5_000_000, 10_000_000, 4_010, 404), 2_000);
    assertEquals(2, cost.nodeCpuMicros(), 1e-9);
    assertEquals(4, cost.cassandraCpuMicros(), 1e-9);
    assertEquals(2, cost.writes(), 1e-9);
    assertEquals(0.2, cost.reads(), 1e-9);
    // An unreadable counter (-1) is no figure; no accepted event gives no figure at all.
    assertTrue(Double.isNaN(StoreCost.between(new StoreCost.Sample(0, -1, 0, 0), new StoreCost.Sample(1, -1, 1, 1), 1)
        .cassandraCpuMicros()));
    assertTrue(Double.isNaN(StoreCost.between(new StoreCost.Sample(0, 0, 0, 0), new StoreCost.Sample(1, 1, 1, 1), 0)
        .writes()));
    Map<Integer, Map<String, List<StoreCost.PerEvent>>> costs = new LinkedHashMap<>();
    costs.put(64, Map.of("tally-http", List.of(cost, new StoreCost.PerEvent(6, 8, 2.5, 0.3),
        new StoreCost.PerEvent(4, 6, 2.25, 0.25))));
    String table = SpreadSection.costTable(costs).render();
    assertTrue(table, table.contains("| 64 | tally-http | 4.0 | 6.0 | 2.25 | 0.25 |"));
  }
}
