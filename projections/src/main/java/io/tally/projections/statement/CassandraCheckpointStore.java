package io.tally.projections.statement;

import akka.Done;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PagingState;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.tally.projections.CqlStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reconciliation checkpoints in Cassandra (tables of {@link CheckpointSchema}, views keyspace).
 * Windows are written per entity as single-partition unlogged batches, chunked under the batch
 * limits, {@code write-parallelism} batches in flight. A window's open period end is left unset
 * rather than written as null: a batch's period never changes (its spec is fixed with its id), and
 * a null would be a tombstone in every row of an entity's partition, which audits read whole. A
 * checkpoint (one row per batch) is replaced whole. A listing of one source goes on after the last
 * batch id it gave; a listing of all sources goes on from the driver's paging state (in token
 * order of the sources, then by batch id).
 */
public final class CassandraCheckpointStore implements CheckpointStore {

  private static final String WINDOW_COLUMNS =
      "entity_key, batch_id, window_start, source, period_from, period_to, count, amount, digest";
  private static final String UPSERT_WINDOW = "INSERT INTO %s." + CheckpointSchema.WINDOWS_TABLE
      + " (" + WINDOW_COLUMNS + ") VALUES (:entity_key, :batch_id, :window_start, :source, :period_from,"
      + " :period_to, :count, :amount, :digest)";
  private static final String SELECT_WINDOWS = "SELECT " + WINDOW_COLUMNS + " FROM %s."
      + CheckpointSchema.WINDOWS_TABLE + " WHERE entity_key = ?";
  private static final String CHECKPOINT_COLUMNS =
      "source, batch_id, period_from, period_to, form, result, entities, windows, compared_at";
  private static final String UPSERT_CHECKPOINT = "INSERT INTO %s." + CheckpointSchema.CHECKPOINTS_TABLE
      + " (" + CHECKPOINT_COLUMNS + ") VALUES (:source, :batch_id, :period_from, :period_to, :form, :result,"
      + " :entities, :windows, :compared_at)";
  private static final String SELECT_SOURCE = "SELECT " + CHECKPOINT_COLUMNS + " FROM %s."
      + CheckpointSchema.CHECKPOINTS_TABLE + " WHERE source = ? LIMIT ?";
  private static final String SELECT_SOURCE_AFTER = "SELECT " + CHECKPOINT_COLUMNS + " FROM %s."
      + CheckpointSchema.CHECKPOINTS_TABLE + " WHERE source = ? AND batch_id > ? LIMIT ?";
  private static final String SELECT_ALL = "SELECT " + CHECKPOINT_COLUMNS + " FROM %s."
      + CheckpointSchema.CHECKPOINTS_TABLE;
  /** A window row's size on the wire without its text keys: six columns of at most a few dozen bytes. */
  private static final int ROW_BYTES_WITHOUT_TEXT = 128;

  private final CqlStore store;
  private final CheckpointSettings settings;

  public CassandraCheckpointStore(CqlStore store, CheckpointSettings settings) {
    this.store = store;
    this.settings = settings;
  }

  @Override
  public CompletionStage<Done> saveWindows(List<ReconciledWindow> windows) {
    if (windows.isEmpty()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return store.statement(UPSERT_WINDOW).thenCompose(upsert -> {
      List<BatchStatement> batches = batches(windows, upsert);
      AtomicInteger next = new AtomicInteger();
      List<CompletableFuture<Void>> lanes = new ArrayList<>();
      for (int i = 0; i < Math.min(settings.writeParallelism(), batches.size()); i++) {
        lanes.add(writeOn(batches, next).toCompletableFuture());
      }
      return CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).thenApply(ignored -> Done.getInstance());
    });
  }

  /** One lane: writes the next batch not yet taken, then the next, until none is left. */
  private CompletionStage<Void> writeOn(List<BatchStatement> batches, AtomicInteger next) {
    int i = next.getAndIncrement();
    if (i >= batches.size()) {
      return CompletableFuture.completedFuture(null);
    }
    return store.execute(batches.get(i)).thenCompose(ignored -> writeOn(batches, next));
  }

  private List<BatchStatement> batches(List<ReconciledWindow> windows, PreparedStatement upsert) {
    Map<String, List<ReconciledWindow>> byEntity = new LinkedHashMap<>();
    windows.forEach(w -> byEntity.computeIfAbsent(w.entityKey(), k -> new ArrayList<>()).add(w));
    List<BatchStatement> batches = new ArrayList<>();
    for (List<ReconciledWindow> partition : byEntity.values()) {
      BatchStatementBuilder chunk = BatchStatement.builder(BatchType.UNLOGGED);
      long bytes = 0;
      for (ReconciledWindow w : partition) {
        long rowBytes = ROW_BYTES_WITHOUT_TEXT
            + 2L * (w.entityKey().length() + w.batchId().length() + w.source().length());
        if (chunk.getStatementsCount() > 0
            && (chunk.getStatementsCount() >= settings.batchMaxRows() || bytes + rowBytes > settings.batchMaxBytes())) {
          batches.add(chunk.build());
          chunk = BatchStatement.builder(BatchType.UNLOGGED);
          bytes = 0;
        }
        chunk.addStatement(window(w, upsert));
        bytes += rowBytes;
      }
      batches.add(chunk.build());
    }
    return batches;
  }

  private static BoundStatement window(ReconciledWindow w, PreparedStatement upsert) {
    BoundStatementBuilder row = upsert.boundStatementBuilder()
        .setString("entity_key", w.entityKey())
        .setString("batch_id", w.batchId())
        .setInstant("window_start", w.windowStart())
        .setString("source", w.source())
        .setLong("count", w.count())
        .setBigDecimal("amount", w.amount())
        .setLong("digest", w.digest());
    w.periodFrom().ifPresent(from -> row.setInstant("period_from", from));
    w.periodTo().ifPresent(to -> row.setInstant("period_to", to));
    return row.build();
  }

  @Override
  public CompletionStage<List<ReconciledWindow>> windowsOf(String entityKey) {
    return store.all(SELECT_WINDOWS, entityKey)
        .thenApply(rows -> rows.stream().map(CassandraCheckpointStore::window).toList());
  }

  @Override
  public CompletionStage<Done> save(ReconciliationCheckpoint c) {
    return store.statement(UPSERT_CHECKPOINT).thenCompose(upsert -> {
      BoundStatementBuilder row = upsert.boundStatementBuilder()
          .setString("source", c.source())
          .setString("batch_id", c.batchId())
          .setString("form", c.form())
          .setMap("result", c.result(), String.class, Long.class)
          .setLong("entities", c.entities())
          .setLong("windows", c.windows())
          .setInstant("compared_at", c.comparedAt());
      row.setInstant("period_from", c.periodFrom().orElse(null)).setInstant("period_to", c.periodTo().orElse(null));
      return store.execute(row.build());
    }).thenApply(ignored -> Done.getInstance());
  }

  @Override
  public CompletionStage<CheckpointPage> list(Optional<String> source, int limit, Optional<String> pageToken) {
    if (limit < 1) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("limit must be at least 1, not " + limit));
    }
    try {
      return source.isPresent()
          ? listSource(source.get(), limit, pageToken.map(t -> PageToken.batchOf(t, PageToken.ONE_SOURCE)))
          : listAll(limit, pageToken);
    } catch (IllegalArgumentException badToken) {
      return CompletableFuture.failedFuture(badToken);
    }
  }

  /** One more row than asked tells whether there is a next page, so the last page says so. */
  private CompletionStage<CheckpointPage> listSource(String source, int limit, Optional<String> afterBatch) {
    int fetch = Math.min(limit, Integer.MAX_VALUE - 1) + 1;
    CompletionStage<List<Row>> rows = afterBatch.isPresent()
        ? store.all(SELECT_SOURCE_AFTER, source, afterBatch.get(), fetch)
        : store.all(SELECT_SOURCE, source, fetch);
    return rows.thenApply(found -> {
      List<ReconciliationCheckpoint> page = found.stream().limit(limit).map(CassandraCheckpointStore::checkpoint)
          .toList();
      Optional<String> next = found.size() > limit
          ? Optional.of(PageToken.afterBatch(page.get(page.size() - 1).batchId())) : Optional.empty();
      return new CheckpointPage(page, next);
    });
  }

  /**
   * The driver's paging state tells the statement it was made for: a token of another statement
   * (another keyspace's, or tampered with) is refused before it reaches Cassandra.
   */
  private CompletionStage<CheckpointPage> listAll(int limit, Optional<String> token) {
    Optional<PagingState> from = token.map(CassandraCheckpointStore::pagingState);
    return store.statement(SELECT_ALL).thenCompose(select -> store.session().thenCompose(session -> {
      BoundStatement bound = select.bind().setPageSize(limit);
      if (from.isPresent()) {
        if (!from.get().matches(bound, session)) {
          return CompletableFuture.failedFuture(
              PageToken.invalid(token.get(), "it is not a token of " + PageToken.ALL_SOURCES));
        }
        bound = bound.setPagingState(from.get().getRawPagingState());
      }
      return store.execute(bound).thenApply(CassandraCheckpointStore::page);
    }));
  }

  private static CheckpointPage page(AsyncResultSet rs) {
    List<ReconciliationCheckpoint> page = new ArrayList<>();
    rs.currentPage().forEach(r -> page.add(checkpoint(r)));
    PagingState state = rs.hasMorePages() ? rs.getExecutionInfo().getSafePagingState() : null;
    return new CheckpointPage(page, Optional.ofNullable(state).map(s -> PageToken.pagingState(s.toBytes())));
  }

  private static PagingState pagingState(String token) {
    byte[] bytes = PageToken.pagingStateOf(token, PageToken.ALL_SOURCES);
    try {
      return PagingState.fromBytes(bytes);
    } catch (RuntimeException e) {
      throw PageToken.invalid(token, "it is not a paging state");
    }
  }

  private static ReconciledWindow window(Row r) {
    return new ReconciledWindow(r.getString("entity_key"), r.getString("batch_id"), r.getString("source"),
        Optional.ofNullable(r.getInstant("period_from")), Optional.ofNullable(r.getInstant("period_to")),
        r.getInstant("window_start"), r.getLong("count"), r.getBigDecimal("amount"), r.getLong("digest"));
  }

  private static ReconciliationCheckpoint checkpoint(Row r) {
    return new ReconciliationCheckpoint(r.getString("batch_id"), r.getString("source"),
        Optional.ofNullable(r.getInstant("period_from")), Optional.ofNullable(r.getInstant("period_to")),
        r.getString("form"), r.getMap("result", String.class, Long.class), r.getLong("entities"),
        r.getLong("windows"), r.getInstant("compared_at"));
  }
}
