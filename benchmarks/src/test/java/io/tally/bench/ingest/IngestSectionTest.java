package io.tally.bench.ingest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.tally.bench.load.LoadCell;
import io.tally.bench.load.LoadResult;
import io.tally.bench.load.Outcomes;
import io.tally.bench.report.LatencyRecorder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class IngestSectionTest {

  private static LoadResult run(String writer, LoadCell cell, long accepted) {
    return new LoadResult(writer, cell, 0, 10, new Outcomes(accepted, accepted, 0, 0, 0, 0, 0, 0, 0), accepted,
        new LatencyRecorder.Percentiles(accepted, 1, 2, 3, 4));
  }

  @Test
  public void writersInTheSameCellNeverShareAnEntity() {
    LoadCell cell = new LoadCell(1, 1);
    assertNotEquals(cell.entityKey(IngestSection.runOf("tally-http"), 0, 0),
        cell.entityKey(IngestSection.runOf("tally-direct"), 0, 0));
  }

  @Test
  public void theSingleEventPeakIsTheBestMedianOfTallyOverHttpAtBatchOne() {
    Map<LoadCell, Map<String, List<LoadResult>>> byCell = new LinkedHashMap<>();
    LoadCell eight = new LoadCell(8, 1);
    LoadCell sixtyFour = new LoadCell(64, 1);
    LoadCell batched = new LoadCell(64, 100);
    byCell.put(eight, Map.of("tally-http", List.of(run("tally-http", eight, 5_000), run("tally-http", eight, 6_000),
        run("tally-http", eight, 90_000))));
    byCell.put(sixtyFour, Map.of("tally-http", List.of(run("tally-http", sixtyFour, 20_000),
        run("tally-http", sixtyFour, 21_000), run("tally-http", sixtyFour, 1_000))));
    byCell.put(batched, Map.of("tally-http", List.of(run("tally-http", batched, 1_000_000))));
    // Medians 600 and 2,000 events/s over the 10 s windows; one outlier run and the batch cell do not count.
    assertEquals(2_000, IngestSection.singleEventPeak(byCell).orElseThrow(), 0);
  }

  @Test
  public void theThroughputTableShowsEveryWritersRepetitions() {
    LoadCell cell = new LoadCell(8, 100);
    Map<LoadCell, Map<String, List<LoadResult>>> byCell = Map.of(cell, Map.of(
        "tally-http", List.of(run("tally-http", cell, 80_000), run("tally-http", cell, 100_000)),
        "raw-driver", List.of(run("raw-driver", cell, 200_000))));
    String table = IngestSection.throughputTable(byCell).render();
    assertTrue(table, table.contains("| 8 | 100 | 8,000 / 9,000 / 10,000 | – | 20,000 | – | 45 % | – |"));
  }
}
