package io.tally.projections.statement;

import akka.Done;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Checkpoints in memory: for tests (of this and other modules) and for an auditor without
 * checkpoints (always empty, so {@link #any} is false and no entity is looked up). Listings go in
 * (source, batch id) order; its page tokens are its own, as the Cassandra store's are.
 */
public final class InMemoryCheckpointStore implements CheckpointStore {

  private final Map<String, NavigableMap<String, NavigableMap<Instant, ReconciledWindow>>> windows = new TreeMap<>();
  private final NavigableMap<String, NavigableMap<String, ReconciliationCheckpoint>> checkpoints = new TreeMap<>();

  @Override
  public synchronized CompletionStage<Done> saveWindows(List<ReconciledWindow> saved) {
    for (ReconciledWindow w : saved) {
      windows.computeIfAbsent(w.entityKey(), k -> new TreeMap<>()).computeIfAbsent(w.batchId(), b -> new TreeMap<>())
          .put(w.windowStart(), w);
    }
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  @Override
  public synchronized CompletionStage<List<ReconciledWindow>> windowsOf(String entityKey) {
    List<ReconciledWindow> found = new ArrayList<>();
    windows.getOrDefault(entityKey, new TreeMap<>()).values().forEach(batch -> found.addAll(batch.values()));
    return CompletableFuture.completedFuture(found);
  }

  @Override
  public synchronized CompletionStage<Done> save(ReconciliationCheckpoint checkpoint) {
    checkpoints.computeIfAbsent(checkpoint.source(), s -> new TreeMap<>()).put(checkpoint.batchId(), checkpoint);
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  @Override
  public synchronized CompletionStage<CheckpointPage> list(Optional<String> source, int limit,
      Optional<String> pageToken) {
    if (limit < 1) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("limit must be at least 1, not " + limit));
    }
    try {
      return CompletableFuture.completedFuture(source.isPresent()
          ? listSource(source.get(), limit, pageToken.map(t -> PageToken.batchOf(t, PageToken.ONE_SOURCE)))
          : listAll(limit, pageToken.map(t -> PageToken.checkpointOf(t, PageToken.ALL_SOURCES))));
    } catch (IllegalArgumentException badToken) {
      return CompletableFuture.failedFuture(badToken);
    }
  }

  private CheckpointPage listSource(String source, int limit, Optional<String> afterBatch) {
    NavigableMap<String, ReconciliationCheckpoint> ofSource = checkpoints.getOrDefault(source, new TreeMap<>());
    List<ReconciliationCheckpoint> rest = new ArrayList<>(
        afterBatch.map(b -> ofSource.tailMap(b, false)).orElse(ofSource).values());
    List<ReconciliationCheckpoint> page = rest.subList(0, Math.min(limit, rest.size()));
    return new CheckpointPage(page, rest.size() > limit
        ? Optional.of(PageToken.afterBatch(page.get(page.size() - 1).batchId())) : Optional.empty());
  }

  private CheckpointPage listAll(int limit, Optional<String[]> after) {
    List<ReconciliationCheckpoint> rest = new ArrayList<>();
    NavigableMap<String, NavigableMap<String, ReconciliationCheckpoint>> sources =
        after.map(a -> checkpoints.tailMap(a[0], true)).orElse(checkpoints);
    for (Map.Entry<String, NavigableMap<String, ReconciliationCheckpoint>> source : sources.entrySet()) {
      boolean resumed = after.isPresent() && source.getKey().equals(after.get()[0]);
      rest.addAll((resumed ? source.getValue().tailMap(after.get()[1], false) : source.getValue()).values());
      if (rest.size() > limit) {
        break;
      }
    }
    List<ReconciliationCheckpoint> page = rest.subList(0, Math.min(limit, rest.size()));
    ReconciliationCheckpoint last = page.isEmpty() ? null : page.get(page.size() - 1);
    return new CheckpointPage(page, rest.size() > limit
        ? Optional.of(PageToken.afterCheckpoint(last.source(), last.batchId())) : Optional.empty());
  }
}
