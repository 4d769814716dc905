package io.tally.http;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads (as a Grafana panel or an alert rule writes it): its
 * identifiers that are neither functions, keywords, label names of grouping clauses, label
 * matchers, durations, nor Grafana variables. Suffixes stay as written ({@code x_bucket},
 * {@code x_count}): they are sample names of the scrape.
 */
public final class PromQlNames {

  private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
      "and", "or", "unless", "bool", "offset", "inf", "nan", "atan2");
  private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGES = Pattern.compile("\\[[^\\]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern VARIABLES = Pattern.compile("\\$\\{?\\w+}?");
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");

  private PromQlNames() {}

  /** The metric names of one PromQL expression. */
  public static Set<String> of(String expr) {
    String s = STRINGS.matcher(expr).replaceAll(" ");
    s = MATCHERS.matcher(s).replaceAll(" ");
    s = RANGES.matcher(s).replaceAll(" ");
    s = GROUPING.matcher(s).replaceAll(" ");
    s = VARIABLES.matcher(s).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      boolean function = m.group(2) != null;
      String name = m.group(1);
      if (!function && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * The metric names of a Grafana template variable's query: {@code label_values(metric, label)}
   * names its metric; any other query is PromQL.
   */
  public static Set<String> ofVariableQuery(String query) {
    Matcher m = LABEL_VALUES.matcher(query);
    if (m.find()) {
      return Set.of(m.group(1));
    }
    if (query.trim().startsWith("label_values(") || query.trim().startsWith("label_names(")) {
      return Set.of();
    }
    return of(query);
  }
}
