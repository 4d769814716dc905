package io.tally.projections.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small, dependency-free metrics registry rendered in the Prometheus text format (0.0.4):
 * counters, gauges and summaries (quantiles over a bounded reservoir of recent observations).
 * One per node; components get it passed in.
 */
public final class MetricsRegistry {

  /** Observations kept per summary series for its quantiles. */
  private static final int RESERVOIR = 2048;

  private final Map<String, Family> families = new ConcurrentHashMap<>();

  private record Family(String name, String help, String type, Map<String, Object> series) {}

  public void increment(String name, String help, long by, String... labels) {
    ((LongAdder) series(name, help, "counter", labels, LongAdder::new)).add(by);
  }

  public void set(String name, String help, double value, String... labels) {
    DoubleAdder gauge = (DoubleAdder) series(name, help, "gauge", labels, DoubleAdder::new);
    synchronized (gauge) {
      gauge.reset();
      gauge.add(value);
    }
  }

  public void observe(String name, String help, double value, String... labels) {
    ((Reservoir) series(name, help, "summary", labels, Reservoir::new)).add(value);
  }

  /** The current value of a counter or gauge series (0 when absent); for tests and reports. */
  public double value(String name, String... labels) {
    Family family = families.get(name);
    Object s = family == null ? null : family.series().get(labelText(labels));
    if (s instanceof LongAdder c) {
      return c.sum();
    }
    return s instanceof DoubleAdder g ? g.sum() : 0;
  }

  /** Quantile q of a summary series (NaN when empty). */
  public double quantile(String name, double q, String... labels) {
    Family family = families.get(name);
    Object s = family == null ? null : family.series().get(labelText(labels));
    return s instanceof Reservoir r ? r.quantile(q) : Double.NaN;
  }

  public String render() {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(families).values().forEach(f -> {
      out.append("# HELP ").append(f.name()).append(' ').append(f.help()).append('\n');
      out.append("# TYPE ").append(f.name()).append(' ').append(f.type()).append('\n');
      new TreeMap<>(f.series()).forEach((labels, s) -> {
        if (s instanceof Reservoir r) {
          for (double q : new double[] {0.5, 0.9, 0.99}) {
            out.append(f.name()).append(withLabel(labels, "quantile=\"" + q + "\"")).append(' ')
                .append(number(r.quantile(q))).append('\n');
          }
          out.append(f.name()).append("_sum").append(labels).append(' ').append(number(r.sum())).append('\n');
          out.append(f.name()).append("_count").append(labels).append(' ').append(r.count()).append('\n');
        } else {
          double v = s instanceof LongAdder c ? c.sum() : ((DoubleAdder) s).sum();
          out.append(f.name()).append(labels).append(' ').append(number(v)).append('\n');
        }
      });
    });
    return out.toString();
  }

  private Object series(String name, String help, String type, String[] labels,
      java.util.function.Supplier<Object> create) {
    Family family = families.computeIfAbsent(name, n -> new Family(n, help, type, new ConcurrentHashMap<>()));
    if (!family.type().equals(type)) {
      throw new IllegalArgumentException(name + " is a " + family.type() + ", not a " + type);
    }
    return family.series().computeIfAbsent(labelText(labels), l -> create.get());
  }

  /** labels are name/value pairs: ("slice", "3") renders {slice="3"}. */
  private static String labelText(String[] labels) {
    if (labels.length == 0) {
      return "";
    }
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels are name/value pairs: " + Arrays.toString(labels));
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < labels.length; i += 2) {
      String value = labels[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
      parts.add(labels[i] + "=\"" + value + "\"");
    }
    return "{" + String.join(",", parts) + "}";
  }

  private static String withLabel(String labels, String extra) {
    return labels.isEmpty() ? "{" + extra + "}" : labels.substring(0, labels.length() - 1) + "," + extra + "}";
  }

  private static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6f", v);
  }

  /** Recent observations (ring buffer) plus exact running count and sum. */
  private static final class Reservoir {
    private final double[] values = new double[RESERVOIR];
    private long count;
    private double sum;

    synchronized void add(double v) {
      values[(int) (count % RESERVOIR)] = v;
      count++;
      sum += v;
    }

    synchronized double quantile(double q) {
      int n = (int) Math.min(count, RESERVOIR);
      if (n == 0) {
        return Double.NaN;
      }
      double[] sorted = Arrays.copyOf(values, n);
      Arrays.sort(sorted);
      return sorted[Math.min(n - 1, (int) Math.ceil(q * n) - 1 < 0 ? 0 : (int) Math.ceil(q * n) - 1)];
    }

    synchronized double sum() {
      return sum;
    }

    synchronized long count() {
      return count;
    }
  }
}
