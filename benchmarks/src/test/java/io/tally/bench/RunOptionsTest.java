package io.tally.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.tally.bench.readside.AuditShape;
import java.time.Duration;
import org.junit.Test;

public class RunOptionsTest {

  @Test
  public void theFullRunHasEveryCellAndSectionWithinTwentyFiveMinutes() {
    RunOptions full = RunOptions.parse();
    assertEquals(java.util.List.of(1, 8, 32, 64), full.concurrencies());
    assertEquals(java.util.List.of(1, 10, 100), full.batchSizes());
    assertEquals(Duration.ofMinutes(30), full.timeLimit());
    assertTrue(full.runs(RunOptions.Section.MEMORY));
  }

  @Test
  public void quickAndOnlyNarrowTheRun() {
    RunOptions quick = RunOptions.parse("--quick", "--only", "hotpath,ingest", "--cell-seconds", "4");
    assertTrue(quick.quick());
    assertEquals(Duration.ofMinutes(11), quick.timeLimit());
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
