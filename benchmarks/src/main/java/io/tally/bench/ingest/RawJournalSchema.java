package io.tally.bench.ingest;

import akka.actor.ActorSystem;
import akka.persistence.cassandra.KeyspaceAndTableStatements;
import akka.persistence.cassandra.PluginSettings;
import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw baseline's keyspace, created with the journal plugin's own CREATE statements
 * ({@link KeyspaceAndTableStatements}, as the plugin's auto-create runs them), only with another
 * keyspace name, so raw rows land in exactly the tables Tally's journal uses.
 */
public final class RawJournalSchema {

  private static final String PLUGIN_PATH = "akka.persistence.cassandra";

  private RawJournalSchema() {}

  /** The plugin's CREATE KEYSPACE and CREATE TABLE statements for {@code keyspace}. */
  public static List<String> statements(ActorSystem system, String keyspace) {
    Config plugin = system.settings().config().getConfig(PLUGIN_PATH)
        .withValue("journal.keyspace", ConfigValueFactory.fromAnyRef(keyspace));
    KeyspaceAndTableStatements ddl =
        new KeyspaceAndTableStatements(system, PLUGIN_PATH, PluginSettings.apply(system, plugin));
    List<String> all = new ArrayList<>();
    all.add(ddl.createJournalKeyspaceStatement());
    all.addAll(ddl.getCreateJournalTablesStatements());
    return all;
  }

  public static void create(CqlSession session, ActorSystem system, String keyspace) {
    for (String statement : statements(system, keyspace)) {
      session.execute(statement);
    }
  }
}
