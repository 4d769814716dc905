package io.tally.http.batch;

import akka.Done;
import akka.NotUsed;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import io.tally.projections.CqlStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;

/**
 * Statement batches in Cassandra, in the views keyspace: {@code statement_rows} (one partition per
 * batch and entity), {@code statement_entities} (the entities of a batch, spread over
 * {@code buckets} partitions so none grows with the statement), {@code batch_differences} (one
 * partition per batch and kind, bounded by {@code max-differences-kept}) and
 * {@code statement_reports}. Rows and entities expire after {@code rows-ttl}: they are needed only
 * while the batch is compared.
 */
public final class CassandraStatementStore implements StatementStore {

  private static final String REPORT_COLUMNS = "batch_id, form, phase, entities_compared, counts, statement_amount,"
      + " ledger_amount, differences_kept, compared_at";
  private static final String SAVE_REPORT = "INSERT INTO %s.statement_reports (" + REPORT_COLUMNS
      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String REPORT = "SELECT " + REPORT_COLUMNS + " FROM %s.statement_reports WHERE batch_id = ?";
  private static final String KEEP_ROW = "INSERT INTO %s.statement_rows (batch_id, entity_key, item, line, event_time,"
      + " window_start, count, amount, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?";
  private static final String KEEP_ENTITY = "INSERT INTO %s.statement_entities (batch_id, bucket, entity_key)"
      + " VALUES (?, ?, ?) USING TTL ?";
  private static final String ENTITIES = "SELECT entity_key FROM %s.statement_entities WHERE batch_id = ? AND bucket = ?";
  private static final String HOLDS = "SELECT entity_key FROM %s.statement_entities WHERE batch_id = ? AND bucket = ?"
      + " AND entity_key = ?";
  private static final String ROWS = "SELECT item, line, event_time, window_start, count, amount, event"
      + " FROM %s.statement_rows WHERE batch_id = ? AND entity_key = ?";
  private static final String CLEAR = "DELETE FROM %s.batch_differences WHERE batch_id = ? AND kind = ?";
  private static final String DIFFERENCE_COLUMNS = "entity_key, item, line, window_start, statement_amount,"
      + " ledger_amount, statement_count, ledger_count, field, detail, event";
  private static final String ADD_DIFFERENCE = "INSERT INTO %s.batch_differences (batch_id, kind, "
      + DIFFERENCE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String DIFFERENCES_FROM_START = "SELECT " + DIFFERENCE_COLUMNS
      + " FROM %s.batch_differences WHERE batch_id = ? AND kind = ? LIMIT ?";
  private static final String DIFFERENCES_AFTER = "SELECT " + DIFFERENCE_COLUMNS + " FROM %s.batch_differences"
      + " WHERE batch_id = ? AND kind = ? AND (entity_key, item, line) > (?, ?, ?) LIMIT ?";

  /** What a row's timestamps, numbers and keys take beside its text, for {@link #estimatedBytes}. */
  private static final int FIXED_COLUMN_BYTES = 64;

  private final CqlStore store;
  private final akka.actor.typed.ActorSystem<?> system;
  private final int buckets;
  private final int batchRows;
  private final long batchBytes;
  private final int rowsTtlSeconds;
  private final int writeParallelism;

  /**
   * @param buckets partitions the entities of one batch are spread over
   * @param rowsTtl how long a statement's rows are kept
   * @param writeParallelism writes in flight at once while rows and differences are kept
   * @param batchRows rows of one entity written as one single-partition batch, at most
   * @param batchBytes the estimated size of such a batch, at most
   */
  public CassandraStatementStore(CqlStore store, akka.actor.typed.ActorSystem<?> system, int buckets, Duration rowsTtl,
      int writeParallelism, int batchRows, long batchBytes) {
    this.batchRows = batchRows;
    this.batchBytes = batchBytes;
    this.store = store;
    this.system = system;
    this.buckets = buckets;
    this.rowsTtlSeconds = Math.toIntExact(rowsTtl.toSeconds());
    this.writeParallelism = writeParallelism;
  }

  @Override
  public CompletionStage<Done> saveReport(StatementReport r) {
    return store.execute(SAVE_REPORT, r.batchId(), r.form().wireName(), r.phase().wireName(), r.entitiesCompared(),
        r.counts(), r.statementAmount(), r.ledgerAmount(), r.differencesKept(), r.comparedAt().orElse(null))
        .thenApply(ignored -> Done.getInstance());
  }

  @Override
  public CompletionStage<Optional<StatementReport>> report(String batchId) {
    return store.execute(REPORT, batchId).thenApply(rs -> Optional.ofNullable(rs.one()).map(r -> new StatementReport(
        r.getString("batch_id"), StatementForm.fromWireName(r.getString("form")).orElseThrow(),
        StatementReport.Phase.valueOf(r.getString("phase").toUpperCase(java.util.Locale.ROOT)),
        r.getLong("entities_compared"), r.getMap("counts", String.class, Long.class),
        r.getBigDecimal("statement_amount"), r.getBigDecimal("ledger_amount"), r.getLong("differences_kept"),
        Optional.ofNullable(r.getInstant("compared_at")))));
  }

  @Override
  public CompletionStage<Done> keep(String batchId, List<StatementRow> rows) {
    Map<String, List<Object[]>> byEntity = new LinkedHashMap<>();
    for (StatementRow row : rows) {
      byEntity.computeIfAbsent(row.entityKey(), k -> new ArrayList<>()).add(row instanceof StatementRow.Record r
          ? new Object[] {batchId, r.entityKey(), r.item(), r.line(), r.eventTime(), r.windowStart(), null,
              r.amount(), r.event(), rowsTtlSeconds}
          : total(batchId, (StatementRow.Total) row));
    }
    List<List<Object[]>> writes = new ArrayList<>();
    byEntity.values().forEach(entityRows -> writes.addAll(partitionBatches(entityRows)));
    CompletionStage<Done> entities = Source.from(List.copyOf(byEntity.keySet()))
        .mapAsyncUnordered(writeParallelism, key -> store.execute(KEEP_ENTITY, batchId, bucket(key), key,
            rowsTtlSeconds))
        .runWith(Sink.ignore(), system);
    return entities.thenCompose(ignored -> store.statement(KEEP_ROW)).thenCompose(insert -> Source.from(writes)
        .mapAsyncUnordered(writeParallelism, group -> {
          if (group.size() == 1) {
            return store.execute(insert.bind(group.get(0)));
          }
          BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.UNLOGGED);
          group.forEach(values -> batch.addStatement(insert.bind(values)));
          return store.execute(batch.build());
        })
        .runWith(Sink.ignore(), system));
  }

  private Object[] total(String batchId, StatementRow.Total t) {
    return new Object[] {batchId, t.entityKey(), t.item(), t.line(), null, t.windowStart(), t.count(), t.amount(),
        null, rowsTtlSeconds};
  }

  /**
   * One entity's rows as single-partition unlogged batches (one write each) of at most
   * {@code batch-rows} rows and about {@code batch-bytes} of row text, under Cassandra's batch
   * size warning.
   */
  private List<List<Object[]>> partitionBatches(List<Object[]> entityRows) {
    List<List<Object[]>> groups = new ArrayList<>();
    List<Object[]> group = new ArrayList<>();
    long bytes = 0;
    for (Object[] values : entityRows) {
      long size = estimatedBytes(values);
      if (!group.isEmpty() && (group.size() >= batchRows || bytes + size > batchBytes)) {
        groups.add(group);
        group = new ArrayList<>();
        bytes = 0;
      }
      group.add(values);
      bytes += size;
    }
    if (!group.isEmpty()) {
      groups.add(group);
    }
    return groups;
  }

  /** The text columns' length plus a fixed share for the others: a bound good enough to batch by. */
  private static long estimatedBytes(Object[] values) {
    long bytes = FIXED_COLUMN_BYTES;
    for (Object value : values) {
      if (value instanceof String text) {
        bytes += text.length();
      }
    }
    return bytes;
  }

  @Override
  public Source<String, NotUsed> entities(String batchId) {
    return Source.range(0, buckets - 1)
        .flatMapConcat(bucket -> pages(() -> store.execute(ENTITIES, batchId, bucket)))
        .map(row -> row.getString("entity_key"));
  }

  @Override
  public CompletionStage<List<StatementRow>> rows(String batchId, StatementForm form, String entityKey) {
    return store.all(ROWS, batchId, entityKey).thenApply(rows -> {
      List<StatementRow> out = new ArrayList<>(rows.size());
      for (Row r : rows) {
        out.add(form == StatementForm.RECORDS
            ? new StatementRow.Record(r.getLong("line"), entityKey, r.getString("item"), r.getInstant("event_time"),
                r.getInstant("window_start"), r.getBigDecimal("amount"), r.getString("event"))
            : new StatementRow.Total(r.getLong("line"), entityKey, r.getInstant("window_start"), r.getLong("count"),
                r.getBigDecimal("amount")));
      }
      return out;
    });
  }

  @Override
  public CompletionStage<Boolean> holds(String batchId, String entityKey) {
    return store.execute(HOLDS, batchId, bucket(entityKey), entityKey).thenApply(rs -> rs.one() != null);
  }

  @Override
  public CompletionStage<Done> clearDifferences(String batchId) {
    CompletionStage<Done> cleared = CompletableFuture.completedFuture(Done.getInstance());
    for (DifferenceKind kind : DifferenceKind.values()) {
      cleared = cleared.thenCompose(ignored -> store.execute(CLEAR, batchId, kind.wireName()))
          .thenApply(ignored -> Done.getInstance());
    }
    return cleared;
  }

  @Override
  public CompletionStage<Done> addDifferences(String batchId, List<StatementDifference> differences) {
    return Source.from(differences)
        .mapAsyncUnordered(writeParallelism, d -> store.execute(ADD_DIFFERENCE, batchId, d.kind().wireName(),
            d.entityKey(), d.item(), d.line(), d.windowStart().orElse(null), d.statementAmount().orElse(null),
            d.ledgerAmount().orElse(null), d.statementCount().orElse(null), d.ledgerCount().orElse(null),
            d.field().orElse(null), d.detail(), d.event().orElse(null)))
        .runWith(Sink.ignore(), system);
  }

  @Override
  public CompletionStage<List<StatementDifference>> differences(String batchId, DifferenceKind kind,
      Optional<DifferenceCursor> after, int limit) {
    CompletionStage<AsyncResultSet> page = after.isEmpty()
        ? store.execute(DIFFERENCES_FROM_START, batchId, kind.wireName(), limit)
        : store.execute(DIFFERENCES_AFTER, batchId, kind.wireName(), after.get().entityKey(), after.get().item(),
            after.get().line(), limit);
    return page.thenApply(rs -> {
      List<StatementDifference> out = new ArrayList<>();
      rs.currentPage().forEach(r -> out.add(new StatementDifference(kind, r.getString("entity_key"),
          r.getString("item"), Optional.ofNullable(r.getInstant("window_start")), r.getLong("line"),
          Optional.ofNullable(r.getBigDecimal("statement_amount")), Optional.ofNullable(r.getBigDecimal("ledger_amount")),
          Optional.ofNullable(r.get("statement_count", Long.class)), Optional.ofNullable(r.get("ledger_count", Long.class)),
          Optional.ofNullable(r.getString("field")), r.getString("detail"), Optional.ofNullable(r.getString("event")))));
      return out;
    });
  }

  private int bucket(String entityKey) {
    return Math.floorMod(entityKey.hashCode(), buckets);
  }

  /** Every row of a query, page by page as the stream asks for them. */
  private static Source<Row, NotUsed> pages(java.util.function.Supplier<CompletionStage<AsyncResultSet>> first) {
    return Source.lazyCompletionStageSource(() -> first.get().thenApply(firstPage ->
        Source.unfoldAsync(Optional.of(firstPage), next -> {
          if (next.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
          }
          AsyncResultSet rs = next.get();
          List<Row> rows = new ArrayList<>(rs.remaining());
          rs.currentPage().forEach(rows::add);
          CompletionStage<Optional<AsyncResultSet>> following = rs.hasMorePages()
              ? rs.fetchNextPage().thenApply(Optional::of) : CompletableFuture.completedFuture(Optional.empty());
          return following.thenApply(f -> Optional.of(akka.japi.Pair.create(f, rows)));
        }).mapConcat(rows -> rows)))
        .mapMaterializedValue(ignored -> NotUsed.getInstance());
  }
}
