package io.tally.bench.readside;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sample values of one metric out of a node's {@code /metrics} text. */
public final class PrometheusText {

  private final String text;

  public PrometheusText(String text) {
    this.text = text;
  }

  /** Every sample of {@code metric} whose label text contains {@code labelPart} (e.g. {@code quantile="0.99"}). */
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
}
