package io.tally.projections.drift;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.tally.projections.repair.RepairRecord;
import io.tally.projections.repair.RepairStatus;
import io.tally.projections.window.WindowValues;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What every {@link ReconciliationStore} must do with {@code after}: pages newest first that
 * together hold every record exactly once, each page at most its limit, an id older than every
 * record giving an empty page. Run against the in-memory and the Cassandra store alike.
 */
final class RecordPagingScenario {

  private static final long TIMEOUT_SECONDS = 30;

  private RecordPagingScenario() {}

  /** Saves {@code count} discrepancies (ids a millisecond apart, so spread over days when asked) and pages them. */
  static void discrepanciesPageNewestFirst(ReconciliationStore store, Instant newest, long spacingMillis, int count,
      int pageSize) throws Exception {
    List<UUID> saved = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant at = newest.minusMillis(spacingMillis * i);
      Discrepancy d = new Discrepancy(Uuids.startOf(at.toEpochMilli()), UUID.randomUUID(), DiscrepancyKind.MISMATCH,
          "acc-" + i, i % 8, at, Optional.of(new WindowValues(1, BigDecimal.ONE, 7, 0, 0)), Optional.empty(), at);
      await(store.save(d));
      saved.add(d.id());
    }
    assertPages(saved, pageSize, (limit, after) -> store.discrepancies(limit, after), Discrepancy::id);
  }

  static void repairsPageNewestFirst(ReconciliationStore store, Instant newest, int count, int pageSize)
      throws Exception {
    List<UUID> saved = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant at = newest.minusSeconds(i);
      RepairRecord r = new RepairRecord(Uuids.startOf(at.toEpochMilli()), Uuids.timeBased(), "acc-" + i, 1, at,
          "periodic", "drift-detector", RepairStatus.PROPOSED, Optional.empty(), Optional.empty(), 0, 0, at,
          Optional.empty(), Optional.empty());
      await(store.save(r));
      saved.add(r.id());
    }
    assertPages(saved, pageSize, (limit, after) -> store.repairs(limit, after), RepairRecord::id);
  }

  private static <T> void assertPages(List<UUID> newestFirst, int pageSize,
      BiFunction<Integer, Optional<UUID>, CompletionStage<List<T>>> list, Function<T, UUID> id) throws Exception {
    List<UUID> read = new ArrayList<>();
    Optional<UUID> after = Optional.empty();
    int maxPages = newestFirst.size() / pageSize + 2;
    for (int page = 0; page < maxPages; page++) {
      List<UUID> ids = await(list.apply(pageSize, after)).stream().map(id).toList();
      assertTrue("page " + page + " has " + ids.size() + " records, limit " + pageSize, ids.size() <= pageSize);
      if (ids.isEmpty()) {
        break;
      }
      read.addAll(ids);
      after = Optional.of(ids.get(ids.size() - 1));
    }
    assertEquals(newestFirst, read);
    UUID older = Uuids.startOf(0);
    assertEquals(List.of(), await(list.apply(pageSize, Optional.of(older))));
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
