package io.tally.cluster.schema;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import org.junit.Test;

/** The production CQL files parse, replicate by NetworkTopologyStrategy and hold every table. */
public class ProductionSchemaTest {

  private final ProductionSchema schema = ProductionSchema.load();

  @Test
  public void everyFileParsesIntoCreateStatementsThatAreSafeToRepeat() {
    assertEquals(ProductionSchema.RESOURCES.size(), schema.scripts().size());
    for (CqlScript script : schema.scripts()) {
      assertTrue(script.name() + " is empty", script.statements().size() >= 2);
      assertTrue(script.name() + " must start with its keyspace",
          ProductionSchema.CREATE_KEYSPACE.matcher(script.statements().get(0)).matches());
      for (String statement : script.statements()) {
        assertTrue(script.name() + ": " + statement,
            ProductionSchema.CREATE_KEYSPACE.matcher(statement).matches()
                || ProductionSchema.CREATE_TABLE.matcher(statement).matches());
        assertTrue(statement, !statement.contains("--") && !statement.endsWith(";"));
      }
    }
  }

  @Test
  public void everyKeyspaceUsesNetworkTopologyStrategyWithThreeReplicas() {
    List<String> keyspaces = schema.statements().stream()
        .filter(s -> ProductionSchema.CREATE_KEYSPACE.matcher(s).matches()).toList();
    assertEquals(4, keyspaces.size());
    for (String keyspace : keyspaces) {
      assertTrue(keyspace, keyspace.contains(
          "WITH replication = {'class': 'NetworkTopologyStrategy', 'datacenter1': 3}"));
    }
  }

  @Test
  public void holdsEveryTableOfThePluginsAndTallyUnderTheConfiguredKeyspaces() {
    Config persistence = ConfigFactory.parseResources("tally-persistence.conf")
        .withFallback(ConfigFactory.parseResources("tally-cassandra.conf"))
        .withFallback(ConfigFactory.defaultReference()).resolve();
    String journal = persistence.getString(SchemaKeyspaces.JOURNAL_KEY);
    String snapshot = persistence.getString(SchemaKeyspaces.SNAPSHOT_KEY);
    String projection = persistence.getString(SchemaKeyspaces.PROJECTION_KEY);
    assertEquals(SchemaKeyspaces.DEFAULTS,
        new SchemaKeyspaces(journal, snapshot, projection, SchemaKeyspaces.DEFAULTS.views()));

    Config plugin = persistence.getConfig("akka.persistence.cassandra");
    Set<String> expected = new TreeSet<>(List.of(
        journal + "." + plugin.getString("journal.table"),
        journal + "." + plugin.getString("journal.metadata-table"),
        journal + "." + plugin.getString("journal.all-persistence-ids-table"),
        journal + "." + plugin.getString("events-by-tag.table"),
        // fixed names in akka-persistence-cassandra 1.0.6 (not configurable)
        journal + ".tag_write_progress",
        journal + ".tag_scanning",
        snapshot + "." + plugin.getString("snapshot.table"),
        // akka-projection-cassandra 1.2.5 offset-store.table / management-table defaults
        projection + ".offset_store",
        projection + ".projection_management",
        "tally_views.window_views",
        "tally_views.window_corrections",
        "tally_views.discrepancies",
        "tally_views.entity_activity",
        "tally_views.repairs",
        "tally_views.quarantine",
        "tally_views.quarantine_by_entity",
        "tally_views.batches",
        "tally_views.batch_rejections",
        "tally_views.statement_reports",
        "tally_views.statement_rows",
        "tally_views.statement_entities",
        "tally_views.batch_differences",
        "tally_views.reconciled_windows",
        "tally_views.reconciliation_checkpoints"));
    assertEquals(expected, tables(schema.statements()));
  }

  @Test
  public void deploymentStatementsRenameKeyspacesAndSetTheReplication() {
    SchemaKeyspaces names = new SchemaKeyspaces("it_j", "it_j_snap", "it_j_proj", "it_j_views");
    List<String> statements = schema.statements(names, Map.of("datacenter1", 1));

    assertEquals(schema.statements().size(), statements.size());
    assertTrue(statements.contains("CREATE KEYSPACE IF NOT EXISTS it_j_snap"
        + " WITH replication = {'class': 'NetworkTopologyStrategy', 'datacenter1': 1}"));
    Set<String> keyspaces = tables(statements).stream().map(t -> t.substring(0, t.indexOf('.')))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(List.of("it_j", "it_j_snap", "it_j_proj", "it_j_views")), keyspaces);
    assertTrue(statements.stream().noneMatch(s -> s.matches(".*\\btally(_\\w+)?\\..*")));
    // table bodies are untouched
    assertTrue(statements.contains(schema.statements().get(1).replace("tally.messages", "it_j.messages")));
  }

  @Test
  public void replicationCanSpanDatacentersAndRejectsNonsense() {
    Map<String, Integer> two = new LinkedHashMap<>();
    two.put("dc-east", 3);
    two.put("dc-west", 3);
    assertEquals("replication = {'class': 'NetworkTopologyStrategy', 'dc-east': 3, 'dc-west': 3}",
        ProductionSchema.replicationMap(two));
    assertEquals(two, ApplySchema.parseReplication("dc-east:3, dc-west:3"));
    assertThrows(IllegalArgumentException.class, () -> ProductionSchema.replicationMap(Map.of()));
    assertThrows(IllegalArgumentException.class, () -> ProductionSchema.replicationMap(Map.of("dc'1", 3)));
    assertThrows(IllegalArgumentException.class, () -> ProductionSchema.replicationMap(Map.of("dc1", 0)));
    assertThrows(IllegalArgumentException.class, () -> ApplySchema.parseReplication("dc1=3"));
  }

  @Test
  public void parserKeepsSemicolonsAndDashesInsideStringsAndRejectsAnUnfinishedStatement() {
    CqlScript script = CqlScript.parse("t", """
        -- a comment; with a semicolon
        CREATE TABLE IF NOT EXISTS k.t (a text) WITH comment = 'x; -- y'; // trailing
        CREATE KEYSPACE IF NOT EXISTS k
          WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3};
        """);
    assertEquals(List.of(
        "CREATE TABLE IF NOT EXISTS k.t (a text) WITH comment = 'x; -- y'",
        "CREATE KEYSPACE IF NOT EXISTS k WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3}"),
        script.statements());
    assertThrows(IllegalArgumentException.class, () -> CqlScript.parse("t", "CREATE TABLE k.t (a text)"));
    assertThrows(IllegalArgumentException.class, () -> CqlScript.parse("t", "CREATE TABLE k.t (a text) 'x;"));
  }

  private static Set<String> tables(List<String> statements) {
    Set<String> tables = new TreeSet<>();
    for (String statement : statements) {
      Matcher table = ProductionSchema.CREATE_TABLE.matcher(statement);
      if (table.matches()) {
        tables.add(table.group(1) + "." + table.group(2));
      }
    }
    return tables;
  }
}
