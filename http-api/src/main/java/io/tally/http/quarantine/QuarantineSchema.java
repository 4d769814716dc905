package io.tally.http.quarantine;

import akka.Done;
import io.tally.projections.CqlStore;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The quarantine's tables, in the views keyspace. Created at start-up only where the read side's
 * are (dev and tests: {@code tally.projections.tables-autocreate}), as a step of its own; the same
 * statements are in cluster-config/src/main/resources/cql/tally-views.cql for production
 * (ViewsKeyspaceCqlTest compares them).
 */
public final class QuarantineSchema {

  private QuarantineSchema() {}

  public static List<String> tables(String ks) {
    return List.of(
        // Newest first per time bucket; rows expire by TTL (the retention).
        table(ks + ".quarantine", "(bucket)"),
        // The same rows by entity: the list's entity filter reads one partition per bucket.
        table(ks + ".quarantine_by_entity", "(entity_key, bucket)"));
  }

  /** Creates the tables one after another in the store's keyspace, which must exist. */
  public static CompletionStage<Done> create(CqlStore store) {
    return store.create(tables(store.keyspace()));
  }


  /**
   * One table: the same columns under another partition key. Time-window compaction by day: rows
   * are written once (plus their resolution, which expires with them), so whole SSTables drop
   * when their day expires.
   */
  private static String table(String table, String partitionKey) {
    return "CREATE TABLE IF NOT EXISTS " + table + " ("
        + " bucket timestamp, id timeuuid, quarantined_at timestamp, entity_key text, idempotency_key text,"
        + " reason text, field text, detail text, raw text, raw_bytes int, raw_truncated boolean,"
        + " caller text, request_index bigint,"
        + " resolved_at timestamp, resolved_by text, resolved_idempotency_key text,"
        + " PRIMARY KEY (" + partitionKey + ", id)) WITH CLUSTERING ORDER BY (id DESC)"
        + " AND compaction = {'class': 'TimeWindowCompactionStrategy',"
        + " 'compaction_window_unit': 'DAYS', 'compaction_window_size': '1'}";
  }
}
