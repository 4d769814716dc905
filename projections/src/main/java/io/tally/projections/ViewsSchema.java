package io.tally.projections;

import java.util.List;

/**
 * The read side's tables. The same statements (with a NetworkTopologyStrategy keyspace) are in
 * cluster-config/src/main/resources/cql/tally-views.cql for production, which never auto-creates.
 */
public final class ViewsSchema {

  private ViewsSchema() {}

  public static String keyspace(String keyspace) {
    return "CREATE KEYSPACE IF NOT EXISTS " + keyspace
        + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}";
  }

  public static List<String> tables(String ks) {
    return List.of(
        // One partition per slice and window: what the drift detector reads and compares.
        "CREATE TABLE IF NOT EXISTS " + ks + ".window_views ("
            + " slice int, window_start timestamp, entity_key text,"
            + " count bigint, sum decimal, digest bigint, late_count bigint, retracted_count bigint,"
            + " last_seq_nr bigint, version bigint, updated_at timestamp,"
            + " PRIMARY KEY ((slice, window_start), entity_key))",
        "CREATE TABLE IF NOT EXISTS " + ks + ".window_corrections ("
            + " entity_key text, window_start timestamp, version bigint,"
            + " before_count bigint, before_sum decimal, before_digest bigint,"
            + " after_count bigint, after_sum decimal, after_digest bigint,"
            + " cause text, cause_seq_nr bigint, at timestamp,"
            + " PRIMARY KEY ((entity_key), window_start, version))",
        // Partitioned by UTC day; ids are time-based UUIDs, so an id names its day.
        "CREATE TABLE IF NOT EXISTS " + ks + ".discrepancies ("
            + " day text, id timeuuid, run_id uuid, kind text, entity_key text, slice int,"
            + " window_start timestamp, expected text, actual text, detected_at timestamp,"
            + " PRIMARY KEY ((day), id)) WITH CLUSTERING ORDER BY (id DESC)",
        // Which entities took events in each ingest-time bucket (rows expire by TTL).
        "CREATE TABLE IF NOT EXISTS " + ks + ".entity_activity ("
            + " slice int, bucket timestamp, entity_key text,"
            + " PRIMARY KEY ((slice, bucket), entity_key))",
        "CREATE TABLE IF NOT EXISTS " + ks + ".repairs ("
            + " day text, id timeuuid, discrepancy_id timeuuid, entity_key text, slice int,"
            + " window_start timestamp, trigger text, actor text, status text,"
            + " before_digest bigint, after_digest bigint, before text, after text,"
            + " created_at timestamp, completed_at timestamp, approved_by text,"
            + " PRIMARY KEY ((day), id)) WITH CLUSTERING ORDER BY (id DESC)");
  }
}
