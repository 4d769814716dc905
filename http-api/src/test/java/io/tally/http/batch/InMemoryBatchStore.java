package io.tally.http.batch;

import akka.Done;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Batches in memory, for route tests. */
public final class InMemoryBatchStore implements BatchStore {

  private final Map<String, Batch> batches = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentSkipListMap<Long, BatchRejection>> rejections = new ConcurrentHashMap<>();

  @Override
  public CompletionStage<Batch> create(Batch batch) {
    return CompletableFuture.completedFuture(batches.computeIfAbsent(batch.id(), id -> batch));
  }

  @Override
  public CompletionStage<Optional<Batch>> get(String id) {
    return CompletableFuture.completedFuture(Optional.ofNullable(batches.get(id)));
  }

  @Override
  public CompletionStage<Done> update(Batch batch) {
    batches.put(batch.id(), batch);
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  @Override
  public CompletionStage<Done> reject(String batchId, List<BatchRejection> rows) {
    rows.forEach(r -> rejections.computeIfAbsent(batchId, id -> new ConcurrentSkipListMap<>()).put(r.line(), r));
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  @Override
  public CompletionStage<List<BatchRejection>> rejections(String batchId, long afterLine, int limit) {
    return CompletableFuture.completedFuture(rejections.getOrDefault(batchId, new ConcurrentSkipListMap<>())
        .tailMap(afterLine, false).values().stream().limit(limit).toList());
  }
}
