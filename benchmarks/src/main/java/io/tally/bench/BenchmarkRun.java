package io.tally.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import io.tally.bench.entity.MemorySection;
import io.tally.bench.entity.RecoverySection;
import io.tally.bench.hotpath.HotPathSection;
import io.tally.bench.ingest.IngestSection;
import io.tally.bench.readside.AuditSection;
import io.tally.bench.readside.LagSection;
import io.tally.bench.readside.NodeHttp;
import io.tally.bench.readside.ReadSideCeilingSection;
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

  private static boolean readSideWanted(RunOptions options) {
    return options.runs(RunOptions.Section.LAG) || options.runs(RunOptions.Section.AUDIT)
        || options.runs(RunOptions.Section.RECOVERY) || options.runs(RunOptions.Section.MEMORY);
  }

  /** On a node of its own: the read side as shipped, not the lag section's faster settings. */
  private static void runCeiling(RunOptions options, RunBudget budget, BenchCassandra cassandra,
      ResultsReport report) throws InterruptedException {
    if (!budget.allows(ReadSideCeilingSection.MINIMUM)) {
      report.note("Read-side ceiling: not run, " + budget.remaining().toSeconds() + " s left of the run's time "
          + "limit (it needs " + ReadSideCeilingSection.MINIMUM.toSeconds() + " s); run it alone with --only ceiling.");
      return;
    }
    RunBudget section = budget.within(options.ceilingTimeLimit());
    try (BenchNode node = BenchNode.start("bench-ceiling", cassandra.contactPoint(),
        ReadSideCeilingSection.NODE_OVERRIDES)) {
      new ReadSideCeilingSection(node, options, section).run(report);
    }
  }

  public static void main(String[] args) throws Exception {
    RunOptions options = RunOptions.parse(args);
    RunBudget budget = new RunBudget(options.timeLimit());
    Instant start = Instant.now();
    ResultsReport report = new ResultsReport(options.outDir(), start);
    report.note("<!-- benchmarks/run " + String.join(" ", args) + " — started " + start + " -->");
    report.note(MachineDescription.current().markdown() + " Cassandra node heap " + options.cassandraHeap() + ".");
    if (options.runs(RunOptions.Section.HOTPATH)) {
      HotPathSection.run(options.quick(), report);
    }
    try (BenchCassandra cassandra = BenchCassandra.start(options.cassandraHeap()); CqlSession session = cassandra.session()) {
      if (options.runs(RunOptions.Section.INGEST) && budget.allows(SECTION_MINIMUM)) {
        try (BenchNode node = BenchNode.start("bench-ingest", cassandra.contactPoint(), "")) {
          new IngestSection(node, session, options).run(budget, report);
        }
      }
      if (readSideWanted(options) && budget.allows(SECTION_MINIMUM)) {
        try (BenchNode node = BenchNode.start("bench-readside", cassandra.contactPoint(),
            LagSection.NODE_OVERRIDES + "\n" + AuditSection.NODE_OVERRIDES)) {
          NodeHttp http = new NodeHttp(node);
          if (options.runs(RunOptions.Section.LAG) && budget.allows(SECTION_MINIMUM)) {
            LagSection.run(http, options.lagEventsPerSecond(), options.lagSteady(), report);
          }
          if (options.runs(RunOptions.Section.AUDIT) && budget.allows(SECTION_MINIMUM)) {
            AuditSection.run(node, http, session, cassandra.pid(), options.auditShapes(), report);
          }
          if (options.runs(RunOptions.Section.RECOVERY) && budget.allows(SECTION_MINIMUM)) {
            RecoverySection.run(node, session, options.recoveryEvents(), report);
          }
          if (options.runs(RunOptions.Section.MEMORY) && budget.allows(SECTION_MINIMUM)) {
            MemorySection.run(node, options.memoryKeys(), options.memoryEntities(), report);
          }
        }
      }
      if (options.runs(RunOptions.Section.CEILING)) {
        runCeiling(options, budget, cassandra, report);
      }
    }
    Duration took = Duration.between(start, Instant.now());
    report.note("<!-- finished in " + took.toMinutes() + " min " + took.toSecondsPart() + " s -->");
    System.out.println("bench: results in " + report.file());
    System.exit(0);
  }
}
