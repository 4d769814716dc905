package io.tally.cluster.schema;

import com.datastax.oss.driver.api.core.CqlSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Tally's production CQL (cluster-config's {@code cql/*.cql}), optionally with other keyspace names
 * and another replication map than the files' {@code 'datacenter1': 3}. Every statement is a
 * {@code CREATE KEYSPACE IF NOT EXISTS} or a {@code CREATE TABLE IF NOT EXISTS} of a
 * keyspace-qualified table, so applying it twice changes nothing.
 */
public final class ProductionSchema {

  /** In the order they are applied. */
  public static final List<String> RESOURCES = List.of(
      "cql/tally-journal.cql",
      "cql/tally-snapshot.cql",
      "cql/tally-projection.cql",
      "cql/tally-views.cql");

  static final Pattern CREATE_KEYSPACE =
      Pattern.compile("(?i)^CREATE KEYSPACE IF NOT EXISTS (\\w+) (WITH .*)$");
  static final Pattern CREATE_TABLE =
      Pattern.compile("(?i)^CREATE TABLE IF NOT EXISTS (\\w+)\\.(\\w+)( ?\\(.*)$");
  private static final Pattern REPLICATION = Pattern.compile("(?i)replication = \\{[^}]*\\}");

  private final List<CqlScript> scripts;

  private ProductionSchema(List<CqlScript> scripts) {
    this.scripts = List.copyOf(scripts);
  }

  public static ProductionSchema load() {
    return new ProductionSchema(RESOURCES.stream().map(CqlScript::fromResource).toList());
  }

  public List<CqlScript> scripts() {
    return scripts;
  }

  /** The statements exactly as in the files. */
  public List<String> statements() {
    return scripts.stream().flatMap(s -> s.statements().stream()).toList();
  }

  /**
   * The statements for a deployment: keyspaces renamed, and every keyspace replicated by
   * NetworkTopologyStrategy with the given datacenter → replica count map.
   */
  public List<String> statements(SchemaKeyspaces keyspaces, Map<String, Integer> replicasPerDatacenter) {
    String replication = replicationMap(replicasPerDatacenter);
    Map<String, String> renames = keyspaces.renames();
    List<String> result = new ArrayList<>();
    for (String statement : statements()) {
      Matcher keyspace = CREATE_KEYSPACE.matcher(statement);
      Matcher table = CREATE_TABLE.matcher(statement);
      if (keyspace.matches()) {
        String options = REPLICATION.matcher(keyspace.group(2)).replaceFirst(Matcher.quoteReplacement(replication));
        result.add("CREATE KEYSPACE IF NOT EXISTS " + renamed(renames, keyspace.group(1)) + " " + options);
      } else if (table.matches()) {
        result.add("CREATE TABLE IF NOT EXISTS " + renamed(renames, table.group(1)) + "." + table.group(2)
            + table.group(3));
      } else {
        throw new IllegalStateException("not a CREATE KEYSPACE/TABLE IF NOT EXISTS statement: " + statement);
      }
    }
    return result;
  }

  /** Runs {@link #statements(SchemaKeyspaces, Map)} one by one; the driver awaits schema agreement after each. */
  public void apply(CqlSession session, SchemaKeyspaces keyspaces, Map<String, Integer> replicasPerDatacenter) {
    for (String statement : statements(keyspaces, replicasPerDatacenter)) {
      session.execute(statement);
    }
  }

  /** {@code replication = {'class': 'NetworkTopologyStrategy', 'dc': n, ...}}. */
  static String replicationMap(Map<String, Integer> replicasPerDatacenter) {
    if (replicasPerDatacenter.isEmpty()) {
      throw new IllegalArgumentException("at least one datacenter is needed");
    }
    Map<String, Integer> ordered = new LinkedHashMap<>(replicasPerDatacenter);
    ordered.forEach((dc, replicas) -> {
      if (!dc.matches("[A-Za-z0-9_.-]+") || replicas < 1) {
        throw new IllegalArgumentException("bad replication " + dc + ":" + replicas);
      }
    });
    return ordered.entrySet().stream()
        .map(e -> "'" + e.getKey() + "': " + e.getValue())
        .collect(Collectors.joining(", ", "replication = {'class': 'NetworkTopologyStrategy', ", "}"));
  }

  private static String renamed(Map<String, String> renames, String keyspace) {
    String to = renames.get(keyspace);
    if (to == null) {
      throw new IllegalStateException("the CQL names an unknown keyspace: " + keyspace);
    }
    return to;
  }
}
