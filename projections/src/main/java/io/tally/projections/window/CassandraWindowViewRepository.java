package io.tally.projections.window;

import com.datastax.oss.driver.api.core.cql.Row;
import io.tally.projections.CqlStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Window views in Cassandra. Row changes are lightweight transactions (compare-and-set on
 * last_seq_nr), the one mechanism that keeps the projection handler and repairs from overwriting
 * each other; corrections are plain idempotent upserts written before the row.
 */
public final class CassandraWindowViewRepository implements WindowViewRepository {

  private static final String COLUMNS = "slice, window_start, entity_key, count, sum, digest, late_count,"
      + " retracted_count, last_seq_nr, version, updated_at";
  private static final String SELECT_ONE = "SELECT " + COLUMNS
      + " FROM %s.window_views WHERE slice = ? AND window_start = ? AND entity_key = ?";
  private static final String SELECT_SLICE = "SELECT " + COLUMNS
      + " FROM %s.window_views WHERE slice = ? AND window_start = ?";
  private static final String INSERT = "INSERT INTO %s.window_views (" + COLUMNS
      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS";
  private static final String UPDATE = "UPDATE %s.window_views SET count = ?, sum = ?, digest = ?,"
      + " late_count = ?, retracted_count = ?, last_seq_nr = ?, version = ?, updated_at = ?"
      + " WHERE slice = ? AND window_start = ? AND entity_key = ? IF last_seq_nr = ?";
  private static final String DELETE =
      "DELETE FROM %s.window_views WHERE slice = ? AND window_start = ? AND entity_key = ? IF last_seq_nr = ?";
  private static final String INSERT_CORRECTION = "INSERT INTO %s.window_corrections (entity_key,"
      + " window_start, version, before_count, before_sum, before_digest, after_count, after_sum,"
      + " after_digest, cause, cause_seq_nr, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT_CORRECTIONS = "SELECT entity_key, window_start, version, before_count,"
      + " before_sum, before_digest, after_count, after_sum, after_digest, cause, cause_seq_nr, at"
      + " FROM %s.window_corrections WHERE entity_key = ?";

  private final CqlStore store;

  public CassandraWindowViewRepository(CqlStore store) {
    this.store = store;
  }

  @Override
  public CompletionStage<Optional<WindowView>> find(int slice, WindowKey key) {
    return store.execute(SELECT_ONE, slice, key.windowStart(), key.entityKey())
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(CassandraWindowViewRepository::view));
  }

  @Override
  public CompletionStage<Boolean> write(RowWrite write) {
    CompletionStage<?> corrections = CompletableFuture.completedFuture(null);
    for (WindowCorrection c : write.corrections()) {
      corrections = corrections.thenCompose(ignored -> store.execute(INSERT_CORRECTION, c.entityKey(),
          c.windowStart(), c.version(), c.before().count(), c.before().sum(), c.before().digest(),
          c.after().count(), c.after().sum(), c.after().digest(), c.cause(), c.causeSeqNr(), c.at()));
    }
    WindowKey k = write.key();
    return corrections.thenCompose(ignored -> {
      if (write.next().isEmpty()) {
        return store.execute(DELETE, write.slice(), k.windowStart(), k.entityKey(), write.expectedLastSeqNr());
      }
      WindowView v = write.next().get();
      WindowValues x = v.values();
      if (write.expectedLastSeqNr() == 0) {
        return store.execute(INSERT, write.slice(), k.windowStart(), k.entityKey(), x.count(), x.sum(),
            x.digest(), x.lateCount(), x.retractedCount(), v.lastSeqNr(), v.version(), v.updatedAt());
      }
      return store.execute(UPDATE, x.count(), x.sum(), x.digest(), x.lateCount(), x.retractedCount(),
          v.lastSeqNr(), v.version(), v.updatedAt(), write.slice(), k.windowStart(), k.entityKey(),
          write.expectedLastSeqNr());
    }).thenApply(rs -> rs.wasApplied());
  }

  @Override
  public CompletionStage<List<WindowView>> slice(int slice, Instant windowStart) {
    return store.all(SELECT_SLICE, slice, windowStart)
        .thenApply(rows -> rows.stream().map(CassandraWindowViewRepository::view).toList());
  }

  @Override
  public CompletionStage<List<WindowView>> entity(String entityKey, int slice, List<Instant> windowStarts) {
    List<CompletableFuture<Optional<WindowView>>> reads = new ArrayList<>();
    for (Instant w : windowStarts) {
      reads.add(find(slice, new WindowKey(entityKey, w)).toCompletableFuture());
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .thenApply(ignored -> reads.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
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
