package io.tally.http.cdc;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code tally.cdc} section (documented in application.conf and docs/cdc.md), read once at
 * start-up: how Debezium change events become ledger events, over HTTP now and from Kafka later.
 *
 * @param refusals what the answer to one posted change says when the change is refused
 * @param defaultSource the source of the events of tables that name none; empty: the caller
 * @param unavailableValuePlaceholder Debezium's stand-in for a column value it did not capture
 *     (an unchanged TOASTed Postgres column): such an attribute is left out, so it keeps its value
 * @param limits what one change and one request may hold
 * @param tables the mapping of each captured table, by its qualified name
 */
public record CdcSettings(
    Refusals refusals,
    Optional<String> defaultSource,
    String unavailableValuePlaceholder,
    Limits limits,
    Map<String, TableMapping> tables) {

  /**
   * What a single posted change's answer says when the change is refused (rejected, conflict,
   * gone). It is in the quarantine either way.
   */
  public enum Refusals {
    /**
     * 200 with the refusal in the body: Debezium Server's HTTP sink takes only 2xx as delivered,
     * and after its retries stops capturing; a refused change is decided (retrying changes
     * nothing) and kept, so the stream goes on.
     */
    CONTINUE,
    /**
     * The refusal's own status (422, 409, 410), as {@code POST /v1/events} answers: Debezium
     * Server sends the change again and then stops, so nothing after it is applied until someone
     * looks.
     */
    HALT;

    static Refusals fromConfig(String text) {
      for (Refusals r : values()) {
        if (r.name().toLowerCase(Locale.ROOT).equals(text)) {
          return r;
        }
      }
      throw new IllegalArgumentException("tally.cdc.refusals must be continue or halt, not '" + text + "'");
    }
  }

  /**
   * @param maxChangesPerRequest changes in one JSON array
   * @param maxChangeBytes one change given as its own bytes (a Kafka record's key or value; over
   *     HTTP the body's limit, {@code tally.http.limits.max-body-size}, applies), and the longest
   *     JSON string of a change
   * @param maxNestingDepth JSON nesting of a change (the schema part of an envelope nests deeper
   *     than an event)
   * @param maxNumberLength the longest JSON number token
   * @param maxKeyColumns key columns one table may name
   */
  public record Limits(int maxChangesPerRequest, int maxChangeBytes, int maxNestingDepth, int maxNumberLength,
      int maxKeyColumns) {
    public Limits {
      if (maxChangesPerRequest < 1 || maxChangeBytes < 1 || maxNestingDepth < 1 || maxNumberLength < 1
          || maxKeyColumns < 1) {
        throw new IllegalArgumentException("tally.cdc.limits: every limit must be positive");
      }
    }
  }

  public CdcSettings {
    tables = Map.copyOf(tables);
    for (TableMapping t : tables.values()) {
      if (t.keyColumns().size() > limits.maxKeyColumns()) {
        throw new IllegalArgumentException("tally.cdc.tables.\"" + t.table() + "\": " + t.keyColumns().size()
            + " key columns, at most tally.cdc.limits.max-key-columns (" + limits.maxKeyColumns() + ")");
      }
    }
  }

  /** The mapping of {@code table}, if it has one. */
  public Optional<TableMapping> table(String table) {
    return Optional.ofNullable(tables.get(table));
  }

  public static CdcSettings fromConfig(Config config) {
    Config c = config.getConfig("tally.cdc");
    Config l = c.getConfig("limits");
    Map<String, TableMapping> tables = new LinkedHashMap<>();
    Config configured = c.getConfig("tables");
    for (Map.Entry<String, ConfigValue> entry : configured.root().entrySet()) {
      String name = entry.getKey();
      try {
        tables.put(name, table(name, configured.getConfig(quoted(name))));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("tally.cdc.tables.\"" + name + "\": " + e.getMessage(), e);
      }
    }
    String defaultSource = c.getString("default-source");
    return new CdcSettings(
        Refusals.fromConfig(c.getString("refusals")),
        defaultSource.isBlank() ? Optional.empty() : Optional.of(defaultSource),
        c.getString("unavailable-value-placeholder"),
        new Limits(l.getInt("max-changes-per-request"), Math.toIntExact(l.getBytes("max-change-size")),
            l.getInt("max-nesting-depth"), l.getInt("max-number-length"), l.getInt("max-key-columns")),
        tables);
  }

  private static TableMapping table(String name, Config t) {
    String mode = t.hasPath("amount") ? t.getString("amount") : AmountMode.DELTA.wireName();
    String snapshot = t.hasPath("snapshot-reads") ? t.getString("snapshot-reads") : "record";
    if (!snapshot.equals("record") && !snapshot.equals("skip")) {
      throw new IllegalArgumentException("snapshot-reads must be record or skip, not '" + snapshot + "'");
    }
    return new TableMapping(
        name,
        t.getStringList("key-columns"),
        t.hasPath("entity-key-prefix") ? t.getString("entity-key-prefix") : "",
        optional(t, "amount-column"),
        AmountMode.fromWireName(mode).orElseThrow(
            () -> new IllegalArgumentException("amount must be delta or value, not '" + mode + "'")),
        t.hasPath("attribute-columns") ? t.getStringList("attribute-columns") : List.of(),
        optional(t, "source"),
        snapshot.equals("record"));
  }

  private static Optional<String> optional(Config c, String path) {
    return c.hasPath(path) ? Optional.of(c.getString(path)) : Optional.empty();
  }

  private static String quoted(String key) {
    return "\"" + key.replace("\"", "\\\"") + "\"";
  }
}
