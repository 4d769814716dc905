package io.tally.cluster.schema;

import com.typesafe.config.Config;
import java.util.Map;

/**
 * The four keyspaces of a Tally deployment, by the config keys that name them. The CQL files use
 * the default names; {@link ProductionSchema} renames them to these.
 */
public record SchemaKeyspaces(String journal, String snapshot, String projection, String views) {

  public static final String JOURNAL_KEY = "akka.persistence.cassandra.journal.keyspace";
  public static final String SNAPSHOT_KEY = "akka.persistence.cassandra.snapshot.keyspace";
  public static final String PROJECTION_KEY = "akka.projection.cassandra.offset-store.keyspace";
  public static final String VIEWS_KEY = "tally.projections.keyspace";

  /** The names in the CQL files (and in tally-persistence.conf and projections' reference.conf). */
  public static final SchemaKeyspaces DEFAULTS =
      new SchemaKeyspaces("tally", "tally_snapshot", "tally_projection", "tally_views");

  public SchemaKeyspaces {
    for (String keyspace : new String[] {journal, snapshot, projection, views}) {
      if (keyspace == null || !keyspace.matches("[a-zA-Z][a-zA-Z0-9_]{0,47}")) {
        throw new IllegalArgumentException("not a keyspace name: " + keyspace);
      }
    }
  }

  /** From a node's config; a key that is absent keeps its default name. */
  public static SchemaKeyspaces fromConfig(Config config) {
    return new SchemaKeyspaces(
        orDefault(config, JOURNAL_KEY, DEFAULTS.journal),
        orDefault(config, SNAPSHOT_KEY, DEFAULTS.snapshot),
        orDefault(config, PROJECTION_KEY, DEFAULTS.projection),
        orDefault(config, VIEWS_KEY, DEFAULTS.views));
  }

  /** Default name → this deployment's name. */
  Map<String, String> renames() {
    return Map.of(
        DEFAULTS.journal, journal,
        DEFAULTS.snapshot, snapshot,
        DEFAULTS.projection, projection,
        DEFAULTS.views, views);
  }

  private static String orDefault(Config config, String key, String fallback) {
    return config.hasPath(key) ? config.getString(key) : fallback;
  }
}
