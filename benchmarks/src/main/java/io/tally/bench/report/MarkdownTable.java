package io.tally.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One Markdown table in the format BENCHMARKS.md uses: a header row, an alignment row (text
 * columns left, figures right) and data rows. Numbers are formatted with thousands separators.
 */
public final class MarkdownTable {

  private final List<String> headers;
  private final List<Boolean> numeric;
  private final List<List<String>> rows = new ArrayList<>();

  private MarkdownTable(List<String> headers, List<Boolean> numeric) {
    this.headers = headers;
    this.numeric = numeric;
  }

  /** Columns whose name starts with {@code >} are figures (right-aligned); the marker is dropped. */
  public static MarkdownTable of(String... columns) {
    List<String> names = new ArrayList<>();
    List<Boolean> right = new ArrayList<>();
    for (String c : columns) {
      right.add(c.startsWith(">"));
      names.add(c.startsWith(">") ? c.substring(1) : c);
    }
    return new MarkdownTable(names, right);
  }

  public MarkdownTable row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
    }
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(format(cell));
    }
    rows.add(row);
    return this;
  }

  public int size() {
    return rows.size();
  }

  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("| ").append(String.join(" | ", headers)).append(" |\n|");
    for (boolean right : numeric) {
      out.append(right ? "---:|" : "---|");
    }
    out.append('\n');
    for (List<String> row : rows) {
      out.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return out.toString();
  }

  /**
   * Integers with separators, decimals with one fraction digit below 100 and none above, a
   * repeated figure as {@code min / median / max} of such decimals.
   */
  static String format(Object cell) {
    if (cell instanceof RepeatedFigure f) {
      return f.count() <= 1 ? format(f.median())
          : format(f.min()) + " / " + format(f.median()) + " / " + format(f.max());
    }
    if (cell instanceof Integer || cell instanceof Long) {
      return String.format(Locale.ROOT, "%,d", ((Number) cell).longValue());
    }
    if (cell instanceof Double d) {
      if (d.isNaN()) {
        return "–";
      }
      return Math.abs(d) >= 100
          ? String.format(Locale.ROOT, "%,.0f", d)
          : String.format(Locale.ROOT, "%.1f", d);
    }
    return String.valueOf(cell);
  }
}
