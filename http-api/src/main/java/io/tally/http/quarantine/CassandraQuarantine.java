package io.tally.http.quarantine;

import akka.Done;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.tally.projections.CqlStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The quarantine in Cassandra (tables {@code quarantine} and {@code quarantine_by_entity} of the
 * views keyspace; docs/quarantine.md). Partitions are (time bucket) and (entity key, time bucket),
 * rows newest first by their time-based id, so an id names its partition and a list walks the
 * buckets from the newest: empty ones are found by probes of one id each, {@code
 * read-parallelism} at a time, and only non-empty ones are read, page by page. Every row is
 * written {@code USING TTL} the retention; a resolution with the row's remaining TTL (less a
 * second), so that no cell outlives the row.
 */
public final class CassandraQuarantine implements Quarantine {

  private static final String COLUMNS = "bucket, id, quarantined_at, entity_key, idempotency_key, reason, field,"
      + " detail, raw, raw_bytes, raw_truncated, caller, request_index";
  private static final int TTL_INDEX = 13;
  private static final String VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
  private static final String INSERT = "INSERT INTO %s.quarantine (" + COLUMNS + ") VALUES (" + VALUES + ") USING TTL ?";
  private static final String INSERT_BY_ENTITY =
      "INSERT INTO %s.quarantine_by_entity (" + COLUMNS + ") VALUES (" + VALUES + ") USING TTL ?";
  private static final String SELECT_ONE = "SELECT * FROM %s.quarantine WHERE bucket = ? AND id = ?";
  private static final String PROBE = "SELECT id FROM %s.quarantine WHERE bucket = ? AND id < ? AND id >= ? LIMIT 1";
  private static final String PROBE_BY_ENTITY = "SELECT id FROM %s.quarantine_by_entity"
      + " WHERE entity_key = ? AND bucket = ? AND id < ? AND id >= ? LIMIT 1";
  private static final String READ = "SELECT * FROM %s.quarantine WHERE bucket = ? AND id < ? AND id >= ?";
  private static final String READ_BY_ENTITY = "SELECT * FROM %s.quarantine_by_entity"
      + " WHERE entity_key = ? AND bucket = ? AND id < ? AND id >= ?";
  // One Paxos round per resolution (rare): of two re-submissions racing, one resolves the entry.
  private static final String RESOLVE = "UPDATE %s.quarantine USING TTL ? SET resolved_at = ?, resolved_by = ?,"
      + " resolved_idempotency_key = ? WHERE bucket = ? AND id = ? IF resolved_at = null";
  private static final String RESOLVE_BY_ENTITY = "UPDATE %s.quarantine_by_entity USING TTL ? SET resolved_at = ?,"
      + " resolved_by = ?, resolved_idempotency_key = ? WHERE entity_key = ? AND bucket = ? AND id = ?";

  private final CqlStore store;
  private final QuarantineSettings settings;
  private final int entityKeyMaxLength;
  private final Clock clock;

  /**
   * @param entityKeyMaxLength entries whose entity key is longer (the contract's bound) are not
   *     listed by entity: a partition key must stay small
   */
  public CassandraQuarantine(CqlStore store, QuarantineSettings settings, int entityKeyMaxLength, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.entityKeyMaxLength = entityKeyMaxLength;
    this.clock = clock;
  }

  @Override
  public CompletionStage<Done> put(QuarantineEntry e) {
    int ttl = remainingTtl(e.quarantinedAt(), clock.instant());
    if (ttl < 1) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("entry " + e.id() + " is past the retention"));
    }
    Object[] values = {bucketOf(e.quarantinedAt()), e.id(), e.quarantinedAt(), e.entityKey().orElse(null),
        e.idempotencyKey().orElse(null), e.reason(), e.field().orElse(null), e.detail(), e.raw().text(),
        e.raw().bytes(), e.raw().truncated(), e.caller(), e.requestIndex(), ttl};
    CompletableFuture<?> main = write(INSERT, values);
    CompletableFuture<?> byEntity = indexed(e) ? write(INSERT_BY_ENTITY, values) : CompletableFuture.completedFuture(null);
    return CompletableFuture.allOf(main, byEntity).thenApply(ignored -> Done.getInstance());
  }

  @Override
  public CompletionStage<Optional<QuarantineEntry>> get(UUID id) {
    if (id.version() != 1) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return run(SELECT_ONE, bucketOf(timeOf(id)), id)
        .thenApply(rs -> Optional.ofNullable(rs.one()).flatMap(CassandraQuarantine::entry));
  }

  @Override
  public CompletionStage<QuarantinePage> list(QuarantineQuery query) {
    long now = clock.millis();
    long oldest = Math.max(now - settings.retention().toMillis(), query.from().map(Instant::toEpochMilli).orElse(0L));
    // Past now nothing is stored yet; +1 ms keeps the entries of this millisecond.
    long newest = Math.min(now + 1, query.to().map(Instant::toEpochMilli).orElse(Long.MAX_VALUE));
    UUID upper = query.cursor().filter(c -> c.version() == 1 && timeOf(c).toEpochMilli() < newest)
        .orElse(Uuids.startOf(newest));
    List<Instant> buckets = new ArrayList<>();
    if (newest > oldest) {
      Instant last = bucketOf(Instant.ofEpochMilli(oldest));
      for (Instant b = bucketOf(timeOf(upper)); !b.isBefore(last); b = b.minus(settings.bucket())) {
        buckets.add(b);
      }
    }
    return new Walk(query, buckets, upper, Uuids.startOf(oldest)).group(0);
  }

  @Override
  public CompletionStage<ResolveOutcome> resolve(UUID id, Resolution resolution) {
    return get(id).thenCompose(found -> {
      if (found.isEmpty()) {
        return CompletableFuture.completedFuture(new ResolveOutcome.NotFound());
      }
      QuarantineEntry entry = found.get();
      if (entry.resolution().isPresent()) {
        return CompletableFuture.completedFuture(new ResolveOutcome.AlreadyResolved(entry));
      }
      // TTLs count in whole seconds from each write's own second: one second less keeps the
      // resolution from outliving the row it was written into.
      int ttl = remainingTtl(entry.quarantinedAt(), resolution.at()) - 1;
      if (ttl < 1) {
        return CompletableFuture.completedFuture(new ResolveOutcome.NotFound());
      }
      Instant bucket = bucketOf(entry.quarantinedAt());
      return run(RESOLVE, ttl, resolution.at(), resolution.by(), resolution.idempotencyKey(), bucket, id)
          .thenCompose(rs -> {
            if (!rs.wasApplied()) {
              return get(id).thenApply(now -> now.<ResolveOutcome>map(ResolveOutcome.AlreadyResolved::new)
                  .orElseGet(ResolveOutcome.NotFound::new));
            }
            CompletionStage<?> copy = indexed(entry)
                ? run(RESOLVE_BY_ENTITY, ttl, resolution.at(), resolution.by(), resolution.idempotencyKey(),
                    entry.entityKey().orElseThrow(), bucket, id)
                : CompletableFuture.completedFuture(null);
            return copy.thenApply(ignored -> new ResolveOutcome.Resolved(entry.resolved(resolution)));
          });
    });
  }

  /**
   * One list request: buckets newest first, probed in groups, the non-empty ones read in order
   * until the page is full, the rows read reach scan-max-rows, or the buckets run out.
   */
  private final class Walk {
    private final QuarantineQuery query;
    private final List<Instant> buckets;
    private final UUID upper;
    private final UUID lower;
    private final int pageRows;
    private final List<QuarantineEntry> items = new ArrayList<>();
    private int rowsRead;

    Walk(QuarantineQuery query, List<Instant> buckets, UUID upper, UUID lower) {
      this.query = query;
      this.buckets = buckets;
      this.upper = upper;
      this.lower = lower;
      // Filtered reads may skip many rows per match: larger pages, fewer round trips.
      this.pageRows = query.filtersRows() ? Math.max(query.limit(), settings.pageDefault()) : query.limit();
    }

    CompletionStage<QuarantinePage> group(int first) {
      if (first >= buckets.size()) {
        return CompletableFuture.completedFuture(new QuarantinePage(items, Optional.empty()));
      }
      List<Instant> group = buckets.subList(first, Math.min(buckets.size(), first + settings.readParallelism()));
      List<CompletableFuture<Boolean>> probes = group.stream().map(this::probe).toList();
      return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
          .thenCompose(ignored -> readNonEmpty(group, probes, 0, first));
    }

    private CompletionStage<QuarantinePage> readNonEmpty(
        List<Instant> group, List<CompletableFuture<Boolean>> probes, int i, int first) {
      if (i == group.size()) {
        return group(first + group.size());
      }
      if (!probes.get(i).join()) {
        return readNonEmpty(group, probes, i + 1, first);
      }
      return read(group.get(i)).thenCompose(done -> done.isPresent()
          ? CompletableFuture.completedFuture(done.get())
          : readNonEmpty(group, probes, i + 1, first));
    }

    private CompletableFuture<Boolean> probe(Instant bucket) {
      CompletionStage<AsyncResultSet> rs = query.entity().isPresent()
          ? run(PROBE_BY_ENTITY, query.entity().get(), bucket, upper, lower)
          : run(PROBE, bucket, upper, lower);
      return rs.thenApply(r -> r.one() != null).toCompletableFuture();
    }

    /** Reads one bucket; completes with the page when it is done, else empty (go on). */
    private CompletionStage<Optional<QuarantinePage>> read(Instant bucket) {
      CompletionStage<AsyncResultSet> rs = query.entity().isPresent()
          ? paged(READ_BY_ENTITY, pageRows, query.entity().get(), bucket, upper, lower)
          : paged(READ, pageRows, bucket, upper, lower);
      return rs.thenCompose(this::consume);
    }

    private CompletionStage<Optional<QuarantinePage>> consume(AsyncResultSet page) {
      for (Row row : page.currentPage()) {
        rowsRead++;
        UUID id = row.getUuid("id");
        entry(row).filter(query::matches).ifPresent(items::add);
        if (items.size() >= query.limit() || rowsRead >= settings.scanMaxRows()) {
          return CompletableFuture.completedFuture(Optional.of(new QuarantinePage(items, Optional.of(id))));
        }
      }
      return page.hasMorePages()
          ? page.fetchNextPage().thenCompose(this::consume)
          : CompletableFuture.completedFuture(Optional.empty());
    }
  }

  private boolean indexed(QuarantineEntry e) {
    return e.entityKey().filter(k -> !k.isEmpty() && k.length() <= entityKeyMaxLength).isPresent();
  }

  /** Seconds left of the retention for an entry quarantined at {@code at}. */
  private int remainingTtl(Instant at, Instant now) {
    return Math.toIntExact(settings.retention().minus(Duration.between(at, now)).toSeconds());
  }

  Instant bucketOf(Instant at) {
    long size = settings.bucket().toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), size) * size);
  }

  static Instant timeOf(UUID timeBased) {
    return Instant.ofEpochMilli(Uuids.unixTimestamp(timeBased));
  }

  private CompletableFuture<AsyncResultSet> write(String cql, Object[] values) {
    return store.statement(cql).thenCompose(ps -> {
      // Absent values stay unset, not null: a null would write a tombstone.
      BoundStatement bound = ps.bind().setInt(TTL_INDEX, (Integer) values[TTL_INDEX]);
      for (int i = 0; i < TTL_INDEX; i++) {
        if (values[i] != null) {
          bound = bind(bound, i, values[i]);
        }
      }
      return store.execute(bound.setConsistencyLevel(settings.consistency()));
    }).toCompletableFuture();
  }

  @SuppressWarnings("unchecked")
  private static <T> BoundStatement bind(BoundStatement bound, int i, T value) {
    return bound.set(i, value, (Class<T>) value.getClass());
  }

  private CompletionStage<AsyncResultSet> run(String cql, Object... values) {
    return store.statement(cql).thenCompose(ps -> store.execute(
        ps.bind(values).setConsistencyLevel(settings.consistency())));
  }

  private CompletionStage<AsyncResultSet> paged(String cql, int pageSize, Object... values) {
    return store.statement(cql).thenCompose(ps -> store.execute(
        ps.bind(values).setConsistencyLevel(settings.consistency()).setPageSize(pageSize)));
  }

  /** Empty for a row whose cells expired but a late resolution's did not (it cannot, see resolve). */
  private static Optional<QuarantineEntry> entry(Row r) {
    if (r.getString("reason") == null) {
      return Optional.empty();
    }
    Optional<Resolution> resolution = Optional.ofNullable(r.getInstant("resolved_at"))
        .map(at -> new Resolution(at, r.getString("resolved_by"), r.getString("resolved_idempotency_key")));
    return Optional.of(new QuarantineEntry(r.getUuid("id"), r.getInstant("quarantined_at"),
        Optional.ofNullable(r.getString("entity_key")), Optional.ofNullable(r.getString("idempotency_key")),
        r.getString("reason"), Optional.ofNullable(r.getString("field")), r.getString("detail"),
        new RawText(r.getString("raw"), r.getInt("raw_bytes"), r.getBoolean("raw_truncated")),
        r.getString("caller"), r.getLong("request_index"), resolution));
  }
}
