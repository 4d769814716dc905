package io.tally.projections.metrics;

import java.util.List;

/** Quantiles estimated from cumulative histogram buckets, as Prometheus' histogram_quantile does. */
public final class Buckets {

  private Buckets() {}

  /**
   * @param bounds the finite bucket upper bounds, increasing
   * @param cumulative observations at or below each bound
   * @param total every observation (the +Inf bucket)
   * @return the q-quantile, linear within its bucket (from 0 in the first); the highest finite
   *     bound when it falls in the +Inf bucket; NaN with no observation
   */
  public static double quantile(double q, List<Double> bounds, double[] cumulative, double total) {
    if (total <= 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q <= 0) {
      return 0;
    }
    double rank = Math.min(q, 1) * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (int i = 0; i < bounds.size(); i++) {
      if (cumulative[i] >= rank) {
        double inBucket = cumulative[i] - lowerCount;
        return inBucket <= 0 ? bounds.get(i)
            : lowerBound + (bounds.get(i) - lowerBound) * (rank - lowerCount) / inBucket;
      }
      lowerBound = bounds.get(i);
      lowerCount = cumulative[i];
    }
    return bounds.isEmpty() ? Double.NaN : bounds.get(bounds.size() - 1);
  }
}
