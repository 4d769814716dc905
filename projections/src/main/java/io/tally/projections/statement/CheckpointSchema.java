package io.tally.projections.statement;

import akka.Done;
import io.tally.projections.CqlStore;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The reconciliation checkpoints' tables, in the views keyspace. Created at start-up only where
 * the read side's are (dev and tests: {@code tally.projections.tables-autocreate}); the same
 * statements are in cluster-config/src/main/resources/cql/tally-views.cql for production
 * (ViewsKeyspaceCqlTest compares them).
 */
public final class CheckpointSchema {

  /** The table {@link CheckpointStore#list} and {@link CheckpointStore#any} read. */
  public static final String CHECKPOINTS_TABLE = "reconciliation_checkpoints";
  /** The table {@link CheckpointStore#windowsOf} reads. */
  public static final String WINDOWS_TABLE = "reconciled_windows";

  private CheckpointSchema() {}

  public static List<String> tables(String ks) {
    return List.of(
        // One partition per entity: what an audit reads for each entity it checks.
        "CREATE TABLE IF NOT EXISTS " + ks + "." + WINDOWS_TABLE + " ("
            + " entity_key text, batch_id text, window_start timestamp, source text,"
            + " period_from timestamp, period_to timestamp, count bigint, amount decimal, digest bigint,"
            + " PRIMARY KEY ((entity_key), batch_id, window_start))",
        // One partition per source: the checkpoints of one source are listed by batch id.
        "CREATE TABLE IF NOT EXISTS " + ks + "." + CHECKPOINTS_TABLE + " ("
            + " source text, batch_id text, period_from timestamp, period_to timestamp, form text,"
            + " result map<text, bigint>, entities bigint, windows bigint, compared_at timestamp,"
            + " PRIMARY KEY ((source), batch_id))");
  }

  /** Creates the tables one after another in the store's keyspace, which must exist. */
  public static CompletionStage<Done> create(CqlStore store) {
    return store.create(tables(store.keyspace()));
  }

  /**
   * Whether both tables exist in the store's keyspace, by the driver's schema metadata: for a
   * process (the audit job) that only reads them, where the schema may predate them.
   */
  public static CompletionStage<Boolean> exists(CqlStore store) {
    return store.session().thenApply(session -> session.getMetadata().getKeyspace(store.keyspace())
        .map(ks -> ks.getTable(CHECKPOINTS_TABLE).isPresent() && ks.getTable(WINDOWS_TABLE).isPresent())
        .orElse(false));
  }
}
