package io.tally.http.batch;

import akka.Done;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.http.auth.Caller;
import io.tally.http.auth.Scope;
import io.tally.projections.CqlStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Batches in Cassandra (tables {@code batches} and {@code batch_rejections} of the views
 * keyspace). A batch is created with a lightweight transaction, so of two posts of one id at once
 * exactly one creates it and the other is handed the same batch.
 */
public final class CassandraBatchStore implements BatchStore {

  private static final String COLUMNS = "id, source, mode, format, period_from, period_to, mapping, content_hash,"
      + " file_bytes, caller, caller_scopes, status, rows, bytes_read, outcomes, checkpoint_line, rejections_kept,"
      + " error_line, error_column, error_code, error_detail, created_at, updated_at";
  private static final String INSERT = "INSERT INTO %s.batches (" + COLUMNS + ") VALUES "
      + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM %s.batches WHERE id = ?";
  private static final String UPDATE = "UPDATE %s.batches SET status = ?, rows = ?, bytes_read = ?, outcomes = ?,"
      + " checkpoint_line = ?, rejections_kept = ?, error_line = ?, error_column = ?, error_code = ?,"
      + " error_detail = ?, updated_at = ? WHERE id = ?";
  private static final String REJECT = "INSERT INTO %s.batch_rejections (batch_id, line, column_name, outcome, detail,"
      + " raw) VALUES (?, ?, ?, ?, ?, ?)";
  private static final String REJECTIONS = "SELECT line, column_name, outcome, detail, raw FROM %s.batch_rejections"
      + " WHERE batch_id = ? AND line > ? LIMIT ?";

  private final CqlStore store;
  private final ObjectMapper json;

  public CassandraBatchStore(CqlStore store, ObjectMapper json) {
    this.store = store;
    this.json = json;
  }

  @Override
  public CompletionStage<Batch> create(Batch b) {
    BatchSpec spec = b.spec();
    BatchProgress p = b.progress();
    Object[] values = {b.id(), spec.source(), spec.mode().wireName(), spec.format().wireName(),
        spec.periodFrom().orElse(null), spec.periodTo().orElse(null), mapping(spec.mapping()), b.contentHash(),
        b.fileBytes(), b.caller().id(), scopes(b.caller()), b.status().wireName(), p.rows(), p.bytesRead(),
        p.outcomes(), p.checkpointLine(), p.rejectionsKept(), null, null, null, null, b.createdAt(), b.updatedAt()};
    return store.execute(INSERT, values).thenCompose(rs -> rs.wasApplied()
        ? CompletableFuture.completedFuture(b)
        : get(b.id()).thenApply(existing -> existing.orElseThrow(
            () -> new IllegalStateException("batch " + b.id() + " exists but cannot be read"))));
  }

  @Override
  public CompletionStage<Optional<Batch>> get(String id) {
    return store.execute(SELECT, id).thenApply(rs -> Optional.ofNullable(rs.one()).map(this::batch));
  }

  @Override
  public CompletionStage<Done> update(Batch b) {
    BatchProgress p = b.progress();
    Optional<Batch.BatchError> e = b.error();
    return store.execute(UPDATE, b.status().wireName(), p.rows(), p.bytesRead(), p.outcomes(), p.checkpointLine(),
            p.rejectionsKept(), e.map(Batch.BatchError::line).orElse(null), e.map(Batch.BatchError::column).orElse(null),
            e.map(Batch.BatchError::code).orElse(null), e.map(Batch.BatchError::detail).orElse(null), b.updatedAt(),
            b.id())
        .thenApply(ignored -> Done.getInstance());
  }

  @Override
  public CompletionStage<Done> reject(String batchId, List<BatchRejection> rows) {
    if (rows.isEmpty()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    // One partition: an unlogged batch is one write.
    return store.statement(REJECT).thenCompose(insert -> {
      BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.UNLOGGED);
      rows.forEach(r -> batch.addStatement(insert.bind(batchId, r.line(), r.column(), r.outcome(), r.detail(), r.raw())));
      return store.execute(batch.build());
    }).thenApply(ignored -> Done.getInstance());
  }

  @Override
  public CompletionStage<List<BatchRejection>> rejections(String batchId, long afterLine, int limit) {
    return store.execute(REJECTIONS, batchId, afterLine, limit).thenApply(rs -> {
      List<BatchRejection> rows = new ArrayList<>();
      rs.currentPage().forEach(r -> rows.add(new BatchRejection(r.getLong("line"), r.getString("column_name"),
          r.getString("outcome"), r.getString("detail"), r.getString("raw"))));
      return rows;
    });
  }

  private Batch batch(Row r) {
    BatchSpec spec = new BatchSpec(r.getString("source"), BatchSpec.Mode.valueOf(upper(r.getString("mode"))),
        BatchSpec.Format.valueOf(upper(r.getString("format"))), Optional.ofNullable(r.getInstant("period_from")),
        Optional.ofNullable(r.getInstant("period_to")), mapping(r.getString("mapping")));
    Set<Scope> scopes = r.getSet("caller_scopes", String.class).stream().map(Scope::fromWireName)
        .flatMap(Optional::stream).collect(Collectors.toSet());
    Map<String, Long> outcomes = r.getMap("outcomes", String.class, Long.class);
    BatchProgress progress = new BatchProgress(r.getLong("rows"), r.getLong("bytes_read"), outcomes,
        r.getLong("checkpoint_line"), r.getLong("rejections_kept"));
    Optional<Batch.BatchError> error = Optional.ofNullable(r.getString("error_code")).map(code -> new Batch.BatchError(
        r.getLong("error_line"), r.getLong("error_column"), code, r.getString("error_detail")));
    Instant created = r.getInstant("created_at");
    return new Batch(r.getString("id"), spec, r.getString("content_hash"), r.getLong("file_bytes"),
        new Caller(r.getString("caller"), scopes),
        BatchStatus.fromWireName(r.getString("status")).orElse(BatchStatus.FAILED), progress, error, created,
        r.getInstant("updated_at"));
  }

  private static Set<String> scopes(Caller caller) {
    return caller.scopes().stream().map(Scope::wireName).collect(Collectors.toSet());
  }

  private String mapping(ColumnMapping mapping) {
    try {
      return json.writeValueAsString(mapping);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a column mapping", e);
    }
  }

  private ColumnMapping mapping(String text) {
    try {
      return json.readValue(text, ColumnMapping.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read a stored column mapping", e);
    }
  }

  private static String upper(String wireName) {
    return wireName.toUpperCase(java.util.Locale.ROOT);
  }
}
