package io.tally.projections.window;

import akka.Done;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Forwards everything; tests override one method to inject a fault or count calls. */
public class DelegatingRepository implements WindowViewRepository {

  private final WindowViewRepository delegate;

  public DelegatingRepository(WindowViewRepository delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletionStage<Optional<WindowView>> find(int slice, WindowKey key) {
    return delegate.find(slice, key);
  }

  @Override
  public CompletionStage<Done> write(List<RowChange> changes) {
    return delegate.write(changes);
  }

  @Override
  public CompletionStage<List<WindowView>> slice(int slice, Instant windowStart) {
    return delegate.slice(slice, windowStart);
  }

  @Override
  public CompletionStage<List<WindowView>> rows(int slice, Instant windowStart, Collection<String> entityKeys) {
    return delegate.rows(slice, windowStart, entityKeys);
  }

  @Override
  public CompletionStage<List<WindowView>> entity(String entityKey, int slice, List<Instant> windowStarts) {
    return delegate.entity(entityKey, slice, windowStarts);
  }

  @Override
  public CompletionStage<List<WindowCorrection>> corrections(String entityKey) {
    return delegate.corrections(entityKey);
  }
}
