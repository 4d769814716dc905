package io.tally.projections.window;

import akka.Done;
import java.time.Instant;
import java.util.Collection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe in-memory repository (for tests). */
public final class InMemoryWindowViewRepository implements WindowViewRepository {

  private final Map<WindowKey, WindowView> rows = new ConcurrentHashMap<>();
  private final List<WindowCorrection> corrections = new ArrayList<>();

  @Override
  public CompletionStage<Optional<WindowView>> find(int slice, WindowKey key) {
    return CompletableFuture.completedFuture(Optional.ofNullable(rows.get(key)));
  }

  @Override
  public synchronized CompletionStage<Done> write(List<RowChange> changes) {
    for (RowChange change : changes) {
      change.next().ifPresentOrElse(v -> rows.put(change.key(), v), () -> rows.remove(change.key()));
      // Keyed like the table (entity, window, version): a rewrite replaces, never duplicates.
      corrections.removeIf(c -> change.corrections().stream().anyMatch(n -> n.entityKey().equals(c.entityKey())
          && n.windowStart().equals(c.windowStart()) && n.version() == c.version()));
      corrections.addAll(change.corrections());
    }
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  /** Test hook: changes a row behind the projection's back (fault injection). */
  public void put(WindowView view) {
    rows.put(view.key(), view);
  }

  public void remove(WindowKey key) {
    rows.remove(key);
  }

  public List<WindowView> all() {
    return rows.values().stream().sorted(Comparator.comparing(WindowView::windowStart)).toList();
  }

  @Override
  public CompletionStage<List<WindowView>> slice(int slice, Instant windowStart) {
    return CompletableFuture.completedFuture(rows.values().stream()
        .filter(v -> v.slice() == slice && v.windowStart().equals(windowStart)).toList());
  }

  @Override
  public CompletionStage<List<WindowView>> rows(int slice, Instant windowStart, Collection<String> entityKeys) {
    return CompletableFuture.completedFuture(entityKeys.stream()
        .map(k -> rows.get(new WindowKey(k, windowStart))).filter(v -> v != null && v.slice() == slice).toList());
  }

  @Override
  public CompletionStage<List<WindowView>> entity(String entityKey, int slice, List<Instant> windowStarts) {
    return CompletableFuture.completedFuture(windowStarts.stream()
        .map(w -> rows.get(new WindowKey(entityKey, w))).filter(v -> v != null).toList());
  }

  @Override
  public synchronized CompletionStage<List<WindowCorrection>> corrections(String entityKey) {
    return CompletableFuture.completedFuture(
        corrections.stream().filter(c -> c.entityKey().equals(entityKey)).toList());
  }
}
