package io.tally.http.batch;

import akka.Done;
import akka.NotUsed;
import akka.stream.javadsl.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Statement rows, differences and reports in memory, for route tests; ordered as Cassandra orders them. */
public final class InMemoryStatementStore implements StatementStore {

  private static final Comparator<StatementRow> BY_ITEM_AND_LINE =
      Comparator.comparing(StatementRow::item).thenComparingLong(StatementRow::line);
  private static final Comparator<StatementDifference> BY_CURSOR = Comparator.comparing(StatementDifference::entityKey)
      .thenComparing(StatementDifference::item).thenComparingLong(StatementDifference::line);

  private final Map<String, StatementReport> reports = new ConcurrentHashMap<>();
  private final Map<String, Map<String, List<StatementRow>>> rows = new ConcurrentHashMap<>();
  private final Map<String, List<StatementDifference>> differences = new ConcurrentHashMap<>();
  /** Calls of {@link #keep} that succeed before the next one fails (a store that goes away). */
  private final java.util.concurrent.atomic.AtomicInteger keepsBeforeFailure =
      new java.util.concurrent.atomic.AtomicInteger(Integer.MAX_VALUE);

  /** The next {@code keeps} calls of {@link #keep} succeed, the one after fails (once). */
  public void failKeepAfter(int keeps) {
    keepsBeforeFailure.set(keeps);
  }

  @Override
  public CompletionStage<Done> saveReport(StatementReport report) {
    reports.put(report.batchId(), report);
    return done();
  }

  @Override
  public CompletionStage<Optional<StatementReport>> report(String batchId) {
    return CompletableFuture.completedFuture(Optional.ofNullable(reports.get(batchId)));
  }

  @Override
  public synchronized CompletionStage<Done> keep(String batchId, List<StatementRow> kept) {
    if (keepsBeforeFailure.getAndDecrement() == 0) {
      keepsBeforeFailure.set(Integer.MAX_VALUE);
      return CompletableFuture.failedFuture(new IllegalStateException("the store is unreachable"));
    }
    Map<String, List<StatementRow>> byEntity = rows.computeIfAbsent(batchId, id -> new ConcurrentSkipListMap<>());
    for (StatementRow row : kept) {
      List<StatementRow> entity = byEntity.computeIfAbsent(row.entityKey(), k -> new ArrayList<>());
      entity.removeIf(r -> r.item().equals(row.item()) && r.line() == row.line());
      entity.add(row);
    }
    return done();
  }

  @Override
  public Source<String, NotUsed> entities(String batchId) {
    return Source.from(List.copyOf(rows.getOrDefault(batchId, Map.of()).keySet()));
  }

  @Override
  public synchronized CompletionStage<List<StatementRow>> rows(String batchId, StatementForm form, String entityKey) {
    List<StatementRow> entity = new ArrayList<>(rows.getOrDefault(batchId, Map.of()).getOrDefault(entityKey, List.of()));
    entity.sort(BY_ITEM_AND_LINE);
    return CompletableFuture.completedFuture(entity);
  }

  @Override
  public CompletionStage<Boolean> holds(String batchId, String entityKey) {
    return CompletableFuture.completedFuture(rows.getOrDefault(batchId, Map.of()).containsKey(entityKey));
  }

  @Override
  public CompletionStage<Done> clearDifferences(String batchId) {
    differences.remove(batchId);
    return done();
  }

  @Override
  public synchronized CompletionStage<Done> addDifferences(String batchId, List<StatementDifference> added) {
    differences.computeIfAbsent(batchId, id -> new ArrayList<>()).addAll(added);
    return done();
  }

  @Override
  public synchronized CompletionStage<List<StatementDifference>> differences(String batchId, DifferenceKind kind,
      Optional<DifferenceCursor> after, int limit) {
    return CompletableFuture.completedFuture(differences.getOrDefault(batchId, List.of()).stream()
        .filter(d -> d.kind() == kind)
        .filter(d -> after.map(a -> BY_CURSOR.compare(d, new StatementDifference(kind, a.entityKey(), a.item(),
            Optional.empty(), a.line(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), "", Optional.empty())) > 0).orElse(true))
        .sorted(BY_CURSOR).limit(limit).toList());
  }

  private static CompletionStage<Done> done() {
    return CompletableFuture.completedFuture(Done.getInstance());
  }
}
