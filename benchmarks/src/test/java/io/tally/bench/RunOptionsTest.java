package io.tally.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.tally.bench.readside.AuditShape;
import java.time.Duration;
import java.util.List;
import org.junit.Test;

public class RunOptionsTest {

  @Test
  public void theFullRunHasEveryCellAndSectionThreeTimesWithinAnHour() {
    RunOptions full = RunOptions.parse();
    assertEquals(List.of(1, 8, 32, 64), full.concurrencies());
    assertEquals(List.of(1, 100), full.batchSizes());
    assertEquals(List.of(4, 8, 16, 32, 64, 128, 256), full.spreadConcurrencies());
    assertEquals(3, full.repeats());
    assertTrue(full.openLoopAtHalfPeak());
    assertEquals(Duration.ofMinutes(60), full.timeLimit());
    for (RunOptions.Section section : RunOptions.Section.values()) {
      // The million-row batch runs only when named: it takes longer than the run's limit leaves;
      // so does the cdc section, which starts a Kafka broker of its own.
      boolean namedOnly = section == RunOptions.Section.BATCH || section == RunOptions.Section.CDC;
      assertEquals(section.name(), !namedOnly, full.runs(section));
    }
    RunOptions cdc = RunOptions.parse("--only", "cdc", "--cdc-records", "20000");
    assertTrue(cdc.runs(RunOptions.Section.CDC));
    assertEquals(20_000, cdc.cdcRecords());
    assertEquals(2_000, cdc.cdcRows());
    assertEquals(1_000_000, full.batchRows());
    RunOptions batch = RunOptions.parse("--only", "batch", "--batch-rows", "5000");
    assertTrue(batch.runs(RunOptions.Section.BATCH));
    assertEquals(5000, batch.batchRows());
  }

  @Test
  public void theFullRunsLoadCellsFitItsTimeLimitWithRoomForTheOtherSections() {
    RunOptions full = RunOptions.parse();
    Duration perLoad = full.cellWarmUp().plus(full.cell()).plus(Duration.ofSeconds(3));
    long ingest = (long) full.concurrencies().size() * full.batchSizes().size() * 4;
    long spread = full.spreadConcurrencies().size() * 2L;
    long openLoop = 1;
    Duration loads = perLoad.multipliedBy((ingest + spread + openLoop) * full.repeats());
    assertTrue(loads.toString(), loads.compareTo(full.timeLimit().minus(full.ceilingTimeLimit())
        .minus(Duration.ofMinutes(10))) <= 0);
  }

  @Test
  public void theNewCellsAreSelectableAndTunable() {
    RunOptions spread = RunOptions.parse("--only", "spread,openloop", "--spread-concurrency", "8,256",
        "--repeats", "2", "--open-loop-rate", "750");
    assertTrue(spread.runs(RunOptions.Section.SPREAD));
    assertTrue(spread.runs(RunOptions.Section.OPENLOOP));
    assertFalse(spread.runs(RunOptions.Section.INGEST));
    assertEquals(List.of(8, 256), spread.spreadConcurrencies());
    assertEquals(2, spread.repeats());
    assertFalse(spread.openLoopAtHalfPeak());
    assertEquals(750, spread.openLoopRate(), 0);
  }

  @Test(expected = IllegalArgumentException.class)
  public void aRepeatCountBelowOneIsRefused() {
    RunOptions.parse("--repeats", "0");
  }

  @Test
  public void quickAndOnlyNarrowTheRun() {
    RunOptions quick = RunOptions.parse("--quick", "--only", "hotpath,ingest", "--cell-seconds", "4");
    assertTrue(quick.quick());
    assertEquals(Duration.ofMinutes(13), quick.timeLimit());
    assertEquals(1, quick.repeats());
    assertEquals(List.of(8, 64, 256), quick.spreadConcurrencies());
    assertEquals(Duration.ofSeconds(4), quick.cell());
    assertTrue(quick.runs(RunOptions.Section.INGEST));
    assertFalse(quick.runs(RunOptions.Section.LAG));
  }

  @Test
  public void theAuditRunsALongAndAManySmallShapeUnlessToldOtherwise() {
    assertEquals(java.util.List.of(new AuditShape(10, 10_000), new AuditShape(100_000, 3)),
        RunOptions.parse().auditShapes());
    assertEquals(java.util.List.of(new AuditShape(20_000, 3)),
        RunOptions.parse("--only", "audit", "--audit-shapes", "20000x3").auditShapes());
    assertEquals(300_000, new AuditShape(100_000, 3).events());
    org.junit.Assert.assertThrows(IllegalArgumentException.class, () -> RunOptions.parse("--audit-shapes", "10"));
    org.junit.Assert.assertThrows(IllegalArgumentException.class, () -> RunOptions.parse("--audit-shapes", "0x3"));
  }

  @Test
  public void theCeilingSectionIsPartOfTheFullRunAndSelectableAlone() {
    assertTrue(RunOptions.parse().runs(RunOptions.Section.CEILING));
    RunOptions quick = RunOptions.parse("--quick", "--only", "ceiling");
    assertTrue(quick.runs(RunOptions.Section.CEILING));
    assertFalse(quick.runs(RunOptions.Section.LAG));
    assertTrue(quick.ceilingTimeLimit().compareTo(Duration.ofMinutes(4)) <= 0);
    assertTrue(RunOptions.parse().ceilingTimeLimit().compareTo(Duration.ofMinutes(10)) <= 0);
  }

  @Test
  public void theCassandraHeapIsTheTestsOneGibUnlessGiven() {
    assertEquals("1g", RunOptions.parse().cassandraHeap());
    assertEquals("2g", RunOptions.parse("--cassandra-heap", "2g").cassandraHeap());
  }

  @Test(expected = IllegalArgumentException.class)
  public void aCassandraHeapThatIsNotAJvmSizeIsRefused() {
    RunOptions.parse("--cassandra-heap", "2GB");
  }

  @Test(expected = IllegalArgumentException.class)
  public void unknownOptionsAreRefused() {
    RunOptions.parse("--fast");
  }
}
