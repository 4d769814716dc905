package io.tally.projections.window;

import akka.Done;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.tally.projections.CqlStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Window views in Cassandra. Rows are written with plain writes (the slice's writer is their only
 * writer): the rows of one partition go as single-partition unlogged batches, chunked under the
 * batch limits; a row that restates a closed window goes with its correction rows in one logged
 * batch, so the correction and the change it describes land together or not at all.
 */
public final class CassandraWindowViewRepository implements WindowViewRepository {

  private static final String COLUMNS = "slice, window_start, entity_key, count, sum, digest, late_count,"
      + " retracted_count, last_seq_nr, version, updated_at";
  private static final String SELECT_ONE = "SELECT " + COLUMNS
      + " FROM %s.window_views WHERE slice = ? AND window_start = ? AND entity_key = ?";
  private static final String SELECT_SLICE = "SELECT " + COLUMNS
      + " FROM %s.window_views WHERE slice = ? AND window_start = ?";
  private static final String SELECT_KEYS = "SELECT " + COLUMNS
      + " FROM %s.window_views WHERE slice = ? AND window_start = ? AND entity_key IN ?";
  private static final String UPSERT = "INSERT INTO %s.window_views (" + COLUMNS
      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String DELETE =
      "DELETE FROM %s.window_views WHERE slice = ? AND window_start = ? AND entity_key = ?";
  private static final String INSERT_CORRECTION = "INSERT INTO %s.window_corrections (entity_key,"
      + " window_start, version, before_count, before_sum, before_digest, after_count, after_sum,"
      + " after_digest, cause, cause_seq_nr, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT_CORRECTIONS = "SELECT entity_key, window_start, version, before_count,"
      + " before_sum, before_digest, after_count, after_sum, after_digest, cause, cause_seq_nr, at"
      + " FROM %s.window_corrections WHERE entity_key = ?";
  /** Window reads of one entity query in flight at once (well under a connection's request limit). */
  private static final int ENTITY_READS_AT_ONCE = 32;
  /** A row's size on the wire without its key: eleven columns of at most a few dozen bytes. */
  private static final int ROW_BYTES_WITHOUT_KEY = 128;

  private final CqlStore store;
  private final WriteBatching batching;

  public CassandraWindowViewRepository(CqlStore store, WriteBatching batching) {
    this.store = store;
    this.batching = batching;
  }

  /** Chunking of single-partition batches: at most this many rows or (estimated) bytes each. */
  public record WriteBatching(int maxRows, long maxBytes) {}

  @Override
  public CompletionStage<Optional<WindowView>> find(int slice, WindowKey key) {
    return store.execute(SELECT_ONE, slice, key.windowStart(), key.entityKey())
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(CassandraWindowViewRepository::view));
  }

  @Override
  public CompletionStage<Done> write(List<RowChange> changes) {
    if (changes.isEmpty()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return store.statement(UPSERT).thenCompose(upsert -> store.statement(DELETE).thenCompose(delete ->
        store.statement(INSERT_CORRECTION).thenCompose(correction -> {
          List<CompletableFuture<?>> writes = new ArrayList<>();
          for (BatchStatement batch : batches(changes, upsert, delete, correction)) {
            writes.add(store.execute(batch).toCompletableFuture());
          }
          return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
              .thenApply(ignored -> Done.getInstance());
        })));
  }

  private List<BatchStatement> batches(List<RowChange> changes, PreparedStatement upsert, PreparedStatement delete,
      PreparedStatement correction) {
    Map<RowChange.Partition, List<RowChange>> plain = new LinkedHashMap<>();
    List<BatchStatement> batches = new ArrayList<>();
    for (RowChange change : changes) {
      if (change.corrections().isEmpty()) {
        plain.computeIfAbsent(change.partition(), p -> new ArrayList<>()).add(change);
      } else {
        BatchStatementBuilder logged = BatchStatement.builder(BatchType.LOGGED).addStatement(row(change, upsert, delete));
        change.corrections().forEach(c -> logged.addStatement(correction(c, correction)));
        batches.add(logged.build());
      }
    }
    for (List<RowChange> partition : plain.values()) {
      BatchStatementBuilder chunk = BatchStatement.builder(BatchType.UNLOGGED);
      long bytes = 0;
      for (RowChange change : partition) {
        long rowBytes = ROW_BYTES_WITHOUT_KEY + 2L * change.key().entityKey().length();
        if (chunk.getStatementsCount() > 0
            && (chunk.getStatementsCount() >= batching.maxRows() || bytes + rowBytes > batching.maxBytes())) {
          batches.add(chunk.build());
          chunk = BatchStatement.builder(BatchType.UNLOGGED);
          bytes = 0;
        }
        chunk.addStatement(row(change, upsert, delete));
        bytes += rowBytes;
      }
      batches.add(chunk.build());
    }
    return batches;
  }

  private static BoundStatement row(RowChange change, PreparedStatement upsert, PreparedStatement delete) {
    WindowKey k = change.key();
    if (change.next().isEmpty()) {
      return delete.bind(change.slice(), k.windowStart(), k.entityKey());
    }
    WindowView v = change.next().get();
    WindowValues x = v.values();
    return upsert.bind(change.slice(), k.windowStart(), k.entityKey(), x.count(), x.sum(), x.digest(), x.lateCount(),
        x.retractedCount(), v.lastSeqNr(), v.version(), v.updatedAt());
  }

  private static BoundStatement correction(WindowCorrection c, PreparedStatement insert) {
    return insert.bind(c.entityKey(), c.windowStart(), c.version(), c.before().count(), c.before().sum(),
        c.before().digest(), c.after().count(), c.after().sum(), c.after().digest(), c.cause(), c.causeSeqNr(), c.at());
  }

  @Override
  public CompletionStage<List<WindowView>> slice(int slice, Instant windowStart) {
    return store.all(SELECT_SLICE, slice, windowStart)
        .thenApply(rows -> rows.stream().map(CassandraWindowViewRepository::view).toList());
  }

  @Override
  public CompletionStage<List<WindowView>> rows(int slice, Instant windowStart, Collection<String> entityKeys) {
    List<String> keys = List.copyOf(entityKeys);
    List<CompletableFuture<List<Row>>> reads = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += batching.maxRows()) {
      List<String> chunk = keys.subList(from, Math.min(keys.size(), from + batching.maxRows()));
      reads.add(store.all(SELECT_KEYS, slice, windowStart, chunk).toCompletableFuture());
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(ignored -> reads.stream()
        .flatMap(r -> r.join().stream()).map(CassandraWindowViewRepository::view).toList());
  }

  /**
   * One read per window (each window is its own partition), {@link #ENTITY_READS_AT_ONCE} at a
   * time: a query over 1,440 windows once sent them all at once and ran out of connections.
   */
  @Override
  public CompletionStage<List<WindowView>> entity(String entityKey, int slice, List<Instant> windowStarts) {
    CompletionStage<List<WindowView>> rows = CompletableFuture.completedFuture(new ArrayList<>());
    for (int from = 0; from < windowStarts.size(); from += ENTITY_READS_AT_ONCE) {
      List<Instant> chunk = windowStarts.subList(from, Math.min(windowStarts.size(), from + ENTITY_READS_AT_ONCE));
      rows = rows.thenCompose(found -> {
        List<CompletableFuture<Optional<WindowView>>> reads = new ArrayList<>();
        chunk.forEach(w -> reads.add(find(slice, new WindowKey(entityKey, w)).toCompletableFuture()));
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
          reads.forEach(r -> r.join().ifPresent(found::add));
          return found;
        });
      });
    }
    return rows;
  }

  @Override
  public CompletionStage<List<WindowCorrection>> corrections(String entityKey) {
    return store.all(SELECT_CORRECTIONS, entityKey).thenApply(rows -> rows.stream().map(r ->
        new WindowCorrection(r.getString("entity_key"), r.getInstant("window_start"), r.getLong("version"),
            new WindowValues(r.getLong("before_count"), r.getBigDecimal("before_sum"), r.getLong("before_digest"), 0, 0),
            new WindowValues(r.getLong("after_count"), r.getBigDecimal("after_sum"), r.getLong("after_digest"), 0, 0),
            r.getLong("cause_seq_nr"), r.getString("cause"), r.getInstant("at"))).toList());
  }

  private static WindowView view(Row r) {
    BigDecimal sum = r.getBigDecimal("sum");
    return new WindowView(r.getString("entity_key"), r.getInt("slice"), r.getInstant("window_start"),
        new WindowValues(r.getLong("count"), sum == null ? BigDecimal.ZERO : sum, r.getLong("digest"),
            r.getLong("late_count"), r.getLong("retracted_count")),
        r.getLong("last_seq_nr"), r.getLong("version"), r.getInstant("updated_at"));
  }
}
