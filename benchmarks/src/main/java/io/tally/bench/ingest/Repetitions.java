package io.tally.bench.ingest;

import io.tally.bench.load.LoadResult;
import io.tally.bench.report.RepeatedFigure;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/** The repetitions of one writer in one cell, and their figures as min / median / max. */
record Repetitions(String writer, List<LoadResult> runs) {

  RepeatedFigure figure(ToDoubleFunction<LoadResult> figure) {
    return RepeatedFigure.of(runs.stream().map(figure::applyAsDouble).toList());
  }

  RepeatedFigure eventsPerSecond() {
    return figure(LoadResult::eventsPerSecond);
  }

  long sum(ToLongFunction<LoadResult> count) {
    return runs.stream().mapToLong(count).sum();
  }

  /** {@code a}'s median as a share of {@code b}'s, "–" without both. */
  static String ratio(Repetitions a, Repetitions b) {
    if (a == null || b == null || !(b.eventsPerSecond().median() > 0)) {
      return "–";
    }
    return String.format(java.util.Locale.ROOT, "%.0f %%", 100 * a.eventsPerSecond().median() / b.eventsPerSecond().median());
  }
}
