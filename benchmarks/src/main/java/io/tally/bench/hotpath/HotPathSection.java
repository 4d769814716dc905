package io.tally.bench.hotpath;

import io.tally.bench.report.MarkdownTable;
import io.tally.bench.report.ResultsReport;
import java.util.Collection;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH hot-path benchmarks (one fork, short iterations: about a minute in all) and
 * reports the average time per operation.
 */
public final class HotPathSection {

  private static final int FORKS = 1;
  private static final TimeValue FULL_ITERATION = TimeValue.seconds(2);
  private static final TimeValue QUICK_ITERATION = TimeValue.seconds(1);
  private static final int WARM_UP_ITERATIONS = 2;
  private static final int MEASURED_ITERATIONS = 3;
  private static final String FORK_HEAP = "-Xmx1g";

  private HotPathSection() {}

  public static void run(boolean quick, ResultsReport report) throws RunnerException {
    TimeValue iteration = quick ? QUICK_ITERATION : FULL_ITERATION;
    Options options = new OptionsBuilder()
        .include(HotPathSection.class.getPackageName() + "\\..*Benchmark\\..*")
        .forks(FORKS)
        .jvmArgsAppend(FORK_HEAP, "-Dlogback.configurationFile=logback-bench.xml")
        .warmupIterations(WARM_UP_ITERATIONS)
        .warmupTime(iteration)
        .measurementIterations(MEASURED_ITERATIONS)
        .measurementTime(iteration)
        .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
        .timeUnit(TimeUnit.NANOSECONDS)
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    MarkdownTable table = MarkdownTable.of("benchmark", ">ns/op", ">± (99.9%)", ">ops/s (one thread)");
    results.stream()
        .sorted(Comparator.comparing(r -> r.getParams().getBenchmark()))
        .forEach(r -> {
          double ns = r.getPrimaryResult().getScore();
          double error = r.getPrimaryResult().getScoreError();
          String name = r.getParams().getBenchmark().replace(HotPathSection.class.getPackageName() + ".", "");
          table.row("`" + name + "`", ns, Double.isNaN(error) ? Double.NaN : error, (long) (1e9 / ns));
        });
    report.heading("Hot paths (JMH, 1 fork, " + WARM_UP_ITERATIONS + "×" + iteration + " warm-up, "
        + MEASURED_ITERATIONS + "×" + iteration + " measured, average time)");
    report.table(table);
  }
}
