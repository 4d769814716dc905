package io.tally.bench.report;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ResultsReportTest {

  @Rule
  public TemporaryFolder dir = new TemporaryFolder();

  @Test
  public void headerBlocksStayAtTheTopAndAreReplacedInPlace() throws Exception {
    ResultsReport report = new ResultsReport(dir.getRoot().toPath(), Instant.parse("2026-12-01T10:00:00Z"));
    report.header("machine", "Machine: 2 cores.");
    report.note("first section");
    report.header("isolation", "Isolation: pending.");
    report.note("second section");
    report.header("isolation", "Isolation: 12 of 12 cells checked.");
    String expected = "Machine: 2 cores.\n\nIsolation: 12 of 12 cells checked.\n\nfirst section\n\nsecond section\n\n";
    assertEquals(expected, report.markdown());
    Path file = report.file();
    assertEquals(expected, Files.readString(file));
  }
}
