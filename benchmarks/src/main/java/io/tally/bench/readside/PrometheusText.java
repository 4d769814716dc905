package io.tally.bench.readside;

import io.tally.projections.metrics.Buckets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sample values of one metric out of a node's {@code /metrics} text. */
public final class PrometheusText {

  private final String text;

  public PrometheusText(String text) {
    this.text = text;
  }

  /** Every sample of {@code metric} whose label text contains {@code labelPart} (e.g. {@code slice="3"}). */
  public List<Double> values(String metric, String labelPart) {
    Pattern line = Pattern.compile("^" + Pattern.quote(metric) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(text);
    List<Double> values = new ArrayList<>();
    while (m.find()) {
      if (m.group(1).contains(labelPart)) {
        values.add(Double.parseDouble(m.group(2)));
      }
    }
    return values;
  }

  public double max(String metric, String labelPart) {
    return values(metric, labelPart).stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v))
        .max().orElse(Double.NaN);
  }

  public double sum(String metric, String labelPart) {
    return values(metric, labelPart).stream().mapToDouble(Double::doubleValue).sum();
  }

  /**
   * The highest q-quantile among the series of histogram {@code metric} whose label text contains
   * {@code labelPart} (e.g. the worst slice's), each estimated from its buckets as Prometheus'
   * histogram_quantile does; NaN when none has an observation.
   */
  public double maxQuantile(String metric, double q, String labelPart) {
    Pattern line = Pattern.compile("^" + Pattern.quote(metric) + "_bucket\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
    Pattern le = Pattern.compile(",?le=\"([^\"]*)\"");
    Map<String, TreeMap<Double, Double>> bySeries = new TreeMap<>();
    Matcher m = line.matcher(text);
    while (m.find()) {
      if (!m.group(1).contains(labelPart)) {
        continue;
      }
      Matcher bound = le.matcher(m.group(1));
      if (bound.find()) {
        double upper = bound.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound.group(1));
        bySeries.computeIfAbsent(bound.replaceFirst(""), k -> new TreeMap<>()).put(upper, Double.parseDouble(m.group(2)));
      }
    }
    double max = Double.NaN;
    for (TreeMap<Double, Double> buckets : bySeries.values()) {
      Double total = buckets.remove(Double.POSITIVE_INFINITY);
      double quantile = Buckets.quantile(q, new ArrayList<>(buckets.keySet()),
          buckets.values().stream().mapToDouble(Double::doubleValue).toArray(), total == null ? 0 : total);
      max = Double.isNaN(max) || quantile > max ? quantile : max;
    }
    return max;
  }
}
