package io.tally.bench.load;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.tally.bench.report.LatencyRecorder;
import java.util.List;
import org.junit.Test;

public class LoadResultLineTest {

  private static final LoadResult RESULT = new LoadResult("tally-http", new LoadCell(LoadCell.Shape.SPREAD, 64, 100),
      0, 8, new Outcomes(812, 80_000, 0, 200, 0, 12, 1, 0, 64), 101_300,
      new LatencyRecorder.Percentiles(800, 41.2, 180.5, 240.1, 251.0));

  @Test
  public void aResultSurvivesTheLineWhole() {
    String line = LoadResultLine.of(RESULT);
    assertTrue(line.startsWith(LoadResultLine.MARKER));
    assertEquals(-1, line.indexOf('\n'));
    assertEquals(RESULT, LoadResultLine.parse(List.of(line)));
  }

  @Test
  public void theLastMarkedLineIsTheResultWhateverWasPrintedBefore() {
    LoadResult open = new LoadResult("tally-http", new LoadCell(LoadCell.Shape.ENTITY, 0, 1), 1_250.5, 8,
        new Outcomes(10_004, 10_004, 0, 0, 0, 0, 0, 0, 0), 14_000, new LatencyRecorder.Percentiles(10_004, 2, 9, 30, 41));
    LoadResult parsed = LoadResultLine.parse(List.of("OpenJDK 64-Bit Server VM warning: something",
        "tally-http c=8 b=1: java.io.IOException: HTTP 500: boom", LoadResultLine.of(open)));
    assertEquals(open, parsed);
    assertEquals(1_250.5, parsed.offeredEventsPerSecond(), 0);
    assertEquals(10_004 / 8.0, parsed.eventsPerSecond(), 1e-9);
  }

  @Test(expected = IllegalArgumentException.class)
  public void outputWithoutAResultLineIsAnError() {
    LoadResultLine.parse(List.of("Exception in thread \"main\" java.lang.OutOfMemoryError"));
  }
}
