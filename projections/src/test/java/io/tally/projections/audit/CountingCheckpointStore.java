package io.tally.projections.audit;

import akka.Done;
import io.tally.projections.statement.CheckpointPage;
import io.tally.projections.statement.CheckpointStore;
import io.tally.projections.statement.InMemoryCheckpointStore;
import io.tally.projections.statement.ReconciledWindow;
import io.tally.projections.statement.ReconciliationCheckpoint;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory checkpoint store that counts what an audit asks, and fails where told to. */
final class CountingCheckpointStore implements CheckpointStore {

  final InMemoryCheckpointStore stored = new InMemoryCheckpointStore();
  /** Listings of the checkpoints (an audit run lists them once). */
  final AtomicInteger listCalls = new AtomicInteger();
  final AtomicInteger lookups = new AtomicInteger();
  volatile RuntimeException listFailure;
  final Set<String> unreadable = ConcurrentHashMap.newKeySet();

  @Override
  public CompletionStage<Done> saveWindows(List<ReconciledWindow> windows) {
    return stored.saveWindows(windows);
  }

  @Override
  public CompletionStage<List<ReconciledWindow>> windowsOf(String entityKey) {
    lookups.incrementAndGet();
    return unreadable.contains(entityKey)
        ? CompletableFuture.failedFuture(new IllegalStateException("windows of " + entityKey + " unavailable"))
        : stored.windowsOf(entityKey);
  }

  @Override
  public CompletionStage<Done> save(ReconciliationCheckpoint checkpoint) {
    return stored.save(checkpoint);
  }

  @Override
  public CompletionStage<CheckpointPage> list(Optional<String> source, int limit, Optional<String> pageToken) {
    listCalls.incrementAndGet();
    RuntimeException failure = listFailure;
    return failure != null ? CompletableFuture.failedFuture(failure) : stored.list(source, limit, pageToken);
  }
}
