package io.tally.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import io.tally.bench.hotpath.HotPathSection;
import io.tally.bench.ingest.IngestSection;
import io.tally.bench.report.ResultsReport;
import java.time.Duration;
import java.time.Instant;

/**
 * The one benchmark command ({@code benchmarks/run}): starts a Cassandra node, runs the selected
 * sections in order within the run's time limit, and writes the Markdown tables to
 * {@code benchmarks/target/results-<timestamp>.md}.
 */
public final class BenchmarkRun {

  /** Least time a section needs to be worth starting. */
  private static final Duration SECTION_MINIMUM = Duration.ofSeconds(30);

  private BenchmarkRun() {}

  public static void main(String[] args) throws Exception {
    RunOptions options = RunOptions.parse(args);
    RunBudget budget = new RunBudget(options.timeLimit());
    Instant start = Instant.now();
    ResultsReport report = new ResultsReport(options.outDir(), start);
    report.note("<!-- benchmarks/run " + String.join(" ", args) + " — started " + start + " -->");
    report.note(MachineDescription.current().markdown());
    if (options.runs(RunOptions.Section.HOTPATH)) {
      HotPathSection.run(options.quick(), report);
    }
    try (BenchCassandra cassandra = BenchCassandra.start(); CqlSession session = cassandra.session()) {
      if (options.runs(RunOptions.Section.INGEST) && budget.allows(SECTION_MINIMUM)) {
        try (BenchNode node = BenchNode.start("bench-ingest", cassandra.contactPoint(), "")) {
          new IngestSection(node, session, options).run(budget, report);
        }
      }
    }
    Duration took = Duration.between(start, Instant.now());
    report.note("<!-- finished in " + took.toMinutes() + " min " + took.toSecondsPart() + " s -->");
    System.out.println("bench: results in " + report.file());
    System.exit(0);
  }
}
