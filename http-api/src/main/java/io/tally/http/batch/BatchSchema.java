package io.tally.http.batch;

import akka.Done;
import io.tally.projections.CqlStore;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The batches' tables, in the views keyspace. Created at start-up only where the read side's are
 * (dev and tests: {@code tally.projections.tables-autocreate}); the same statements are in
 * cluster-config/src/main/resources/cql/tally-views.cql for production (ViewsKeyspaceCqlTest compares
 * them).
 */
public final class BatchSchema {

  private BatchSchema() {}

  public static List<String> tables(String ks) {
    return List.of(
        "CREATE TABLE IF NOT EXISTS " + ks + ".batches ("
            + " id text PRIMARY KEY, source text, mode text, format text, period_from timestamp, period_to timestamp,"
            + " mapping text, content_hash text, file_bytes bigint, caller text, caller_scopes set<text>,"
            + " status text, rows bigint, bytes_read bigint, outcomes map<text, bigint>, checkpoint_line bigint,"
            + " rejections_kept bigint, error_line bigint, error_column bigint, error_code text, error_detail text,"
            + " created_at timestamp, updated_at timestamp)",
        // One partition per batch, bounded by tally.batches.max-rejections-kept.
        "CREATE TABLE IF NOT EXISTS " + ks + ".batch_rejections ("
            + " batch_id text, line bigint, column_name text, outcome text, detail text, raw text,"
            + " PRIMARY KEY (batch_id, line))",
        "CREATE TABLE IF NOT EXISTS " + ks + ".statement_reports ("
            + " batch_id text PRIMARY KEY, form text, phase text, entities_compared bigint, counts map<text, bigint>,"
            + " statement_amount decimal, ledger_amount decimal, differences_kept bigint, compared_at timestamp)",
        // A statement's rows by entity while it is compared (written with a TTL).
        "CREATE TABLE IF NOT EXISTS " + ks + ".statement_rows ("
            + " batch_id text, entity_key text, item text, line bigint, event_time timestamp, window_start timestamp,"
            + " count bigint, amount decimal, event text,"
            + " PRIMARY KEY ((batch_id, entity_key), item, line))",
        "CREATE TABLE IF NOT EXISTS " + ks + ".statement_entities ("
            + " batch_id text, bucket int, entity_key text,"
            + " PRIMARY KEY ((batch_id, bucket), entity_key))",
        // One partition per batch and kind, bounded by tally.batches.statements.max-differences-kept.
        "CREATE TABLE IF NOT EXISTS " + ks + ".batch_differences ("
            + " batch_id text, kind text, entity_key text, item text, line bigint, window_start timestamp,"
            + " statement_amount decimal, ledger_amount decimal, statement_count bigint, ledger_count bigint,"
            + " field text, detail text, event text,"
            + " PRIMARY KEY ((batch_id, kind), entity_key, item, line))");
  }

  /** Creates the tables one after another in the store's keyspace, which must exist. */
  public static CompletionStage<Done> create(CqlStore store) {
    return store.create(tables(store.keyspace()));
  }
}
