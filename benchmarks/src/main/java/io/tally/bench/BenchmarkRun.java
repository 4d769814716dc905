package io.tally.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import io.tally.bench.batch.BatchSection;
import io.tally.bench.cdc.CdcSection;
import io.tally.bench.entity.MemorySection;
import io.tally.bench.entity.RecoverySection;
import io.tally.bench.hotpath.HotPathSection;
import io.tally.bench.ingest.IngestRig;
import io.tally.bench.ingest.IngestSection;
import io.tally.bench.ingest.OpenLoopSection;
import io.tally.bench.ingest.SpreadSection;
import io.tally.bench.readside.AuditSection;
import io.tally.bench.readside.LagSection;
import io.tally.bench.readside.NodeHttp;
import io.tally.bench.readside.ReadSideCeilingSection;
import io.tally.bench.report.ResultsReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one benchmark command ({@code benchmarks/run}): starts a Cassandra node, runs the selected
 * sections in order within the run's time limit, and writes the Markdown tables to
 * {@code benchmarks/target/results-<timestamp>.md}.
 */
public final class BenchmarkRun {

  /** Least time a section needs to be worth starting. */
  private static final Duration SECTION_MINIMUM = Duration.ofSeconds(30);

  private BenchmarkRun() {}

  private static boolean ingestNodeWanted(RunOptions options) {
    return options.runs(RunOptions.Section.INGEST) || options.runs(RunOptions.Section.OPENLOOP)
        || options.runs(RunOptions.Section.SPREAD);
  }

  /**
   * The load cells, on one node whose drift detector runs only on demand: ingest first (its
   * single-event peak sets the open loop's rate), then the open loop, then many-entity batches.
   * The isolation checks of every cell go to the report's header.
   */
  private static void runLoads(RunOptions options, RunBudget budget, BenchCassandra cassandra, CqlSession session,
      ResultsReport report) throws InterruptedException {
    try (BenchNode node = BenchNode.start("bench-ingest", cassandra.contactPoint(), IngestRig.NODE_OVERRIDES)) {
      IngestRig rig = IngestRig.create(node, session, cassandra.pid(), options);
      try {
        Optional<Double> peak = Optional.empty();
        if (options.runs(RunOptions.Section.INGEST)) {
          peak = new IngestSection(rig).run(budget, report);
        }
        if (options.runs(RunOptions.Section.OPENLOOP) && budget.allows(SECTION_MINIMUM)) {
          new OpenLoopSection(rig).run(peak, budget, report);
        }
        if (options.runs(RunOptions.Section.SPREAD) && budget.allows(SECTION_MINIMUM)) {
          new SpreadSection(rig).run(budget, report);
        }
      } finally {
        if (rig.measuredAnything()) {
          report.header("isolation", rig.isolationMarkdown());
        }
      }
    }
  }

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
    report.header("command", "<!-- benchmarks/run " + String.join(" ", args) + " — started " + start + " -->");
    report.header("machine", MachineDescription.current().markdown() + " Cassandra node heap "
        + options.cassandraHeap() + ". HTTP load client: a JVM of its own per cell (-Xmx"
        + io.tally.bench.load.LoadClientProcess.CLIENT_HEAP + ", serial GC).");
    if (options.runs(RunOptions.Section.HOTPATH)) {
      HotPathSection.run(options.quick(), report);
    }
    try (BenchCassandra cassandra = BenchCassandra.start(options.cassandraHeap()); CqlSession session = cassandra.session()) {
      if (ingestNodeWanted(options) && budget.allows(SECTION_MINIMUM)) {
        runLoads(options, budget, cassandra, session, report);
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
      if (options.runs(RunOptions.Section.BATCH) && budget.allows(SECTION_MINIMUM)) {
        try (BenchNode node = BenchNode.start("bench-batch", cassandra.contactPoint(), BatchSection.NODE_OVERRIDES)) {
          new BatchSection(node).run(options.batchRows(), options.batchRowsPerEntity(), options.batchOrder(),
              budget.remaining(), report);
        }
      }
      if (options.runs(RunOptions.Section.CDC) && budget.allows(SECTION_MINIMUM)) {
        new CdcSection().run(cassandra.contactPoint(), options.cdcRecords(), options.cdcRows(), budget.remaining(),
            report);
      }
    }
    Duration took = Duration.between(start, Instant.now());
    report.note("<!-- finished in " + took.toMinutes() + " min " + took.toSecondsPart() + " s -->");
    System.out.println("bench: results in " + report.file());
    System.exit(0);
  }
}
