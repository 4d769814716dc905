package io.tally.projections.window;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe in-memory repository with the same conditional-write semantics (for tests). */
public final class InMemoryWindowViewRepository implements WindowViewRepository {

  private final Map<WindowKey, WindowView> rows = new ConcurrentHashMap<>();
  private final List<WindowCorrection> corrections = new ArrayList<>();

  @Override
  public CompletionStage<Optional<WindowView>> find(int slice, WindowKey key) {
    return CompletableFuture.completedFuture(Optional.ofNullable(rows.get(key)));
  }

  @Override
  public synchronized CompletionStage<Boolean> write(RowWrite write) {
    WindowView current = rows.get(write.key());
    long currentSeqNr = current == null ? 0 : current.lastSeqNr();
    if (currentSeqNr != write.expectedLastSeqNr()) {
      return CompletableFuture.completedFuture(false);
    }
    write.next().ifPresentOrElse(v -> rows.put(write.key(), v), () -> rows.remove(write.key()));
    corrections.addAll(write.corrections());
    return CompletableFuture.completedFuture(true);
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
