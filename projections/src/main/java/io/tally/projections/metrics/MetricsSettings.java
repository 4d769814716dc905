package io.tally.projections.metrics;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code tally.metrics} section: whether JVM metrics are bound, the bound on each labelled
 * metric's series, and each histogram's bucket bounds (seconds). Defaults and their meaning are in
 * this module's {@code reference.conf}.
 */
public final class MetricsSettings {

  public static final String SECTION = "tally.metrics";
  /** The entry of {@code tally.metrics.histograms} used by a histogram with none of its own. */
  public static final String DEFAULT_HISTOGRAM = "default";

  private static volatile MetricsSettings defaults;

  private final boolean jvm;
  private final int maxSeriesPerMetric;
  private final List<Double> defaultBuckets;
  private final Map<String, List<Double>> buckets;

  private MetricsSettings(boolean jvm, int maxSeriesPerMetric, List<Double> defaultBuckets,
      Map<String, List<Double>> buckets) {
    if (maxSeriesPerMetric < 1) {
      throw new IllegalArgumentException(SECTION + ".max-series-per-metric must be positive");
    }
    this.jvm = jvm;
    this.maxSeriesPerMetric = maxSeriesPerMetric;
    this.defaultBuckets = checked(DEFAULT_HISTOGRAM, defaultBuckets);
    Map<String, List<Double>> checked = new TreeMap<>();
    buckets.forEach((name, bounds) -> checked.put(name, checked(name, bounds)));
    this.buckets = Map.copyOf(checked);
  }

  public static MetricsSettings fromConfig(Config config) {
    Config section = config.getConfig(SECTION);
    Config histograms = section.getConfig("histograms");
    Map<String, List<Double>> buckets = new TreeMap<>();
    for (String name : histograms.root().keySet()) {
      if (!name.equals(DEFAULT_HISTOGRAM)) {
        buckets.put(name, histograms.getDoubleList(name + ".buckets"));
      }
    }
    return new MetricsSettings(section.getBoolean("jvm"), section.getInt("max-series-per-metric"),
        histograms.getDoubleList(DEFAULT_HISTOGRAM + ".buckets"), buckets);
  }

  /** The reference configuration's settings (tests, tools, benchmarks). */
  public static MetricsSettings defaults() {
    MetricsSettings d = defaults;
    if (d == null) {
      d = fromConfig(ConfigFactory.defaultReference());
      defaults = d;
    }
    return d;
  }

  public boolean jvm() {
    return jvm;
  }

  public int maxSeriesPerMetric() {
    return maxSeriesPerMetric;
  }

  /** The bucket upper bounds (seconds, increasing) of histogram {@code name}. */
  public List<Double> buckets(String name) {
    return buckets.getOrDefault(name, defaultBuckets);
  }

  /**
   * Fails on bucket entries for histograms that do not exist: a misspelt name would otherwise
   * leave its histogram on the default buckets without a word.
   */
  public void requireKnown(Collection<String> histogramNames) {
    Set<String> unknown = new TreeSet<>(buckets.keySet());
    unknown.removeAll(histogramNames);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(SECTION + ".histograms has entries for no histogram: " + unknown
          + " (histograms: " + new TreeSet<>(histogramNames) + ")");
    }
  }

  private static List<Double> checked(String name, List<Double> bounds) {
    if (bounds.isEmpty()) {
      throw new IllegalArgumentException(SECTION + ".histograms." + name + ".buckets is empty");
    }
    double previous = 0;
    for (double b : bounds) {
      if (!(b > previous) || Double.isInfinite(b)) {
        throw new IllegalArgumentException(SECTION + ".histograms." + name
            + ".buckets must be finite, positive and increasing: " + bounds);
      }
      previous = b;
    }
    return List.copyOf(bounds);
  }
}
