package io.tally.projections.drift;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.tally.projections.CqlStore;
import io.tally.projections.repair.RepairRecord;
import io.tally.projections.repair.RepairStatus;
import io.tally.projections.window.WindowValues;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Records in Cassandra, partitioned by UTC day of their time-based id (so a lookup by id needs no
 * index). Lists read back day by day from today, over at most {@link #DAYS_LISTED} days; a page
 * after a record starts at that record's day and reads only older ids, so every page is at most
 * {@code DAYS_LISTED} partition reads of at most {@code limit} rows in all.
 */
public final class CassandraReconciliationStore implements ReconciliationStore {

  static final int DAYS_LISTED = 7;

  private static final String INSERT_DISCREPANCY = "INSERT INTO %s.discrepancies (day, id, run_id, kind,"
      + " entity_key, slice, window_start, expected, actual, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT_DISCREPANCIES = "SELECT * FROM %s.discrepancies WHERE day = ? LIMIT ?";
  private static final String SELECT_DISCREPANCIES_AFTER =
      "SELECT * FROM %s.discrepancies WHERE day = ? AND id < ? LIMIT ?";
  private static final String INSERT_REPAIR = "INSERT INTO %s.repairs (day, id, discrepancy_id, entity_key,"
      + " slice, window_start, trigger, actor, status, before_digest, after_digest, before, after,"
      + " created_at, completed_at, approved_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT_REPAIRS = "SELECT * FROM %s.repairs WHERE day = ? LIMIT ?";
  private static final String SELECT_REPAIRS_AFTER = "SELECT * FROM %s.repairs WHERE day = ? AND id < ? LIMIT ?";
  private static final String SELECT_REPAIR = "SELECT * FROM %s.repairs WHERE day = ? AND id = ?";
  // The approval's claim and completion are conditional writes (one Paxos round each, per
  // approval): of two approvals racing, exactly one moves the record out of PROPOSED.
  private static final String CLAIM_REPAIR = "UPDATE %s.repairs SET status = 'APPROVING', approved_by = ?"
      + " WHERE day = ? AND id = ? IF status = 'PROPOSED'";
  private static final String COMPLETE_REPAIR = "UPDATE %s.repairs SET status = ?, before_digest = ?,"
      + " after_digest = ?, before = ?, after = ?, completed_at = ?, approved_by = ?"
      + " WHERE day = ? AND id = ? IF status = 'APPROVING'";

  private final CqlStore store;
  private final Clock clock;

  public CassandraReconciliationStore(CqlStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public CompletionStage<Void> save(Discrepancy d) {
    return store.execute(INSERT_DISCREPANCY, day(d.id()), d.id(), d.runId(), d.kind().wireName(),
        d.entityKey(), d.slice(), d.windowStart(), encode(d.expected()), encode(d.actual()), d.detectedAt())
        .thenApply(rs -> null);
  }

  @Override
  public CompletionStage<Void> save(RepairRecord r) {
    return store.execute(INSERT_REPAIR, day(r.id()), r.id(), r.discrepancyId(), r.entityKey(), r.slice(),
        r.windowStart(), r.trigger(), r.actor(), r.status().name(), r.beforeDigest(), r.afterDigest(),
        encode(r.before()), encode(r.after()), r.createdAt(), r.completedAt().orElse(null),
        r.approvedBy().orElse(null)).thenApply(rs -> null);
  }

  @Override
  public CompletionStage<Boolean> claim(RepairRecord proposed, String actor) {
    return store.execute(CLAIM_REPAIR, actor, day(proposed.id()), proposed.id()).thenApply(rs -> rs.wasApplied());
  }

  @Override
  public CompletionStage<Void> complete(RepairRecord r) {
    return store.execute(COMPLETE_REPAIR, r.status().name(), r.beforeDigest(), r.afterDigest(), encode(r.before()),
        encode(r.after()), r.completedAt().orElse(null), r.approvedBy().orElse(null), day(r.id()), r.id())
        .thenApply(rs -> null);
  }

  @Override
  public CompletionStage<List<Discrepancy>> discrepancies(int limit, Optional<UUID> after) {
    return list(SELECT_DISCREPANCIES, SELECT_DISCREPANCIES_AFTER, limit, after)
        .thenApply(rows -> rows.stream().map(CassandraReconciliationStore::discrepancy).toList());
  }

  @Override
  public CompletionStage<List<RepairRecord>> repairs(int limit, Optional<UUID> after) {
    return list(SELECT_REPAIRS, SELECT_REPAIRS_AFTER, limit, after)
        .thenApply(rows -> rows.stream().map(CassandraReconciliationStore::repair).toList());
  }

  @Override
  public CompletionStage<Optional<RepairRecord>> repair(UUID id) {
    if (id.version() != 1) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return store.execute(SELECT_REPAIR, day(id), id)
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(CassandraReconciliationStore::repair));
  }

  private CompletionStage<List<Row>> list(String first, String afterCql, int limit, Optional<UUID> after) {
    if (after.isEmpty()) {
      return collect(first, limit, 0, Optional.empty(), new ArrayList<>());
    }
    if (after.get().version() != 1) {
      return CompletableFuture.completedFuture(List.of());
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    long daysBack = Math.max(0, ChronoUnit.DAYS.between(LocalDate.parse(day(after.get())), today));
    return collect(afterCql, limit, (int) Math.min(daysBack, DAYS_LISTED), after, new ArrayList<>());
  }

  private CompletionStage<List<Row>> collect(String cql, int limit, int daysBack, Optional<UUID> after,
      List<Row> rows) {
    if (rows.size() >= limit || daysBack >= DAYS_LISTED) {
      return CompletableFuture.completedFuture(rows);
    }
    String day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(daysBack).toString();
    // Every id of an older day is older than `after` too, so the same condition serves each day.
    CompletionStage<List<Row>> page = after.isPresent()
        ? store.all(cql, day, after.get(), limit - rows.size())
        : store.all(cql, day, limit - rows.size());
    return page.thenCompose(found -> {
      rows.addAll(found);
      return collect(cql, limit, daysBack + 1, after, rows);
    });
  }

  static String day(UUID timeBased) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(Uuids.unixTimestamp(timeBased)), ZoneOffset.UTC).toString();
  }

  /** count,sum,digest,late,retracted; null when absent. */
  static String encode(Optional<WindowValues> values) {
    return values.map(v -> v.count() + "," + v.sum().toPlainString() + "," + v.digest() + ","
        + v.lateCount() + "," + v.retractedCount()).orElse(null);
  }

  static Optional<WindowValues> decode(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String[] p = text.split(",");
    return Optional.of(new WindowValues(Long.parseLong(p[0]), new BigDecimal(p[1]), Long.parseLong(p[2]),
        Long.parseLong(p[3]), Long.parseLong(p[4])));
  }

  private static Discrepancy discrepancy(Row r) {
    return new Discrepancy(r.getUuid("id"), r.getUuid("run_id"),
        DiscrepancyKind.valueOf(r.getString("kind").toUpperCase(Locale.ROOT)), r.getString("entity_key"),
        r.getInt("slice"), r.getInstant("window_start"), decode(r.getString("expected")),
        decode(r.getString("actual")), r.getInstant("detected_at"));
  }

  private static RepairRecord repair(Row r) {
    return new RepairRecord(r.getUuid("id"), r.getUuid("discrepancy_id"), r.getString("entity_key"),
        r.getInt("slice"), r.getInstant("window_start"), r.getString("trigger"), r.getString("actor"),
        RepairStatus.valueOf(r.getString("status")), decode(r.getString("before")),
        decode(r.getString("after")), r.getLong("before_digest"), r.getLong("after_digest"),
        r.getInstant("created_at"), Optional.ofNullable(r.getInstant("completed_at")),
        Optional.ofNullable(r.getString("approved_by")));
  }
}
