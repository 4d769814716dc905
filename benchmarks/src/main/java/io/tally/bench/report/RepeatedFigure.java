package io.tally.bench.report;

import java.util.Arrays;
import java.util.Collection;

/**
 * One figure measured in several repetitions of a cell: its minimum, median and maximum. Printed
 * as {@code min / median / max} ({@link MarkdownTable}); a figure measured once prints as itself.
 * Repetitions without a value (NaN: nothing was measured) are left out.
 */
public record RepeatedFigure(int count, double min, double median, double max) {

  public static final RepeatedFigure NONE = new RepeatedFigure(0, Double.NaN, Double.NaN, Double.NaN);

  public static RepeatedFigure of(Collection<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (sorted.length == 0) {
      return NONE;
    }
    return new RepeatedFigure(sorted.length, sorted[0], median(sorted), sorted[sorted.length - 1]);
  }

  public static RepeatedFigure of(double... values) {
    return of(Arrays.stream(values).boxed().toList());
  }

  /** The middle value; with an even count, the mean of the two middle ones. */
  private static double median(double[] sorted) {
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
