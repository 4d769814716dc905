package io.tally.projections.metrics;

import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The series of one labelled metric, registered once per label values and then found by a map
 * look-up (no Micrometer builder or registry search per observation). At most {@code maxSeries}
 * label value sets are kept; past that, new values are counted under the value {@code other} for
 * every label, and a warning is logged once.
 *
 * @param <T> what one series is: a Micrometer counter or timer, or a gauge's cell
 */
final class Series<T> {

  /** The label value that stands for any value past the series bound. */
  static final String OTHER = "other";

  private static final Logger log = LoggerFactory.getLogger(Series.class);
  private static final Object NONE = new Object();
  private static final Object OVERFLOW = new Object();

  private final String metric;
  private final List<String> labels;
  private final int maxSeries;
  private final Function<Tags, T> register;
  private final Map<Object, T> series = new ConcurrentHashMap<>();
  private final AtomicBoolean warned = new AtomicBoolean();

  Series(String metric, List<String> labels, int maxSeries, Function<Tags, T> register) {
    this.metric = metric;
    this.labels = List.copyOf(labels);
    this.maxSeries = maxSeries;
    this.register = register;
  }

  String metric() {
    return metric;
  }

  List<String> labels() {
    return labels;
  }

  /** The series of a metric without labels. */
  T get() {
    return lookup(NONE, new String[0]);
  }

  /** The series of a one-label metric. */
  T get(String value) {
    T found = series.get(value);
    return found != null ? found : lookup(value, new String[] {value});
  }

  /** The series of a one-label metric whose value is a number (a slice, a partition). */
  T get(int value) {
    T found = series.get(value);
    return found != null ? found : lookup(value, new String[] {Integer.toString(value)});
  }

  /** The series of a metric with these label values, in the order of its labels. */
  T get(String... values) {
    if (values.length == 1) {
      return get(values[0]);
    }
    List<String> key = List.of(values);
    T found = series.get(key);
    return found != null ? found : lookup(key, values);
  }

  private T lookup(Object key, String[] values) {
    if (values.length != labels.size()) {
      throw new IllegalArgumentException(metric + " has labels " + labels + ", given " + List.of(values));
    }
    T found = series.get(key);
    if (found != null) {
      return found;
    }
    if (!labels.isEmpty() && series.size() >= maxSeries) {
      if (warned.compareAndSet(false, true)) {
        log.warn("Metric {} has {} series (tally.metrics.max-series-per-metric): new label values such as {} are "
            + "counted under \"{}\"", metric, series.size(), List.of(values), OTHER);
      }
      String[] other = new String[labels.size()];
      java.util.Arrays.fill(other, OTHER);
      return series.computeIfAbsent(OVERFLOW, k -> register.apply(tags(other)));
    }
    return series.computeIfAbsent(key, k -> register.apply(tags(values)));
  }

  private Tags tags(String[] values) {
    Tags tags = Tags.empty();
    for (int i = 0; i < values.length; i++) {
      tags = tags.and(labels.get(i), values[i]);
    }
    return tags;
  }
}
