package io.tally.projections.window;

import akka.Done;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Storage of window views and their corrections. */
public interface WindowViewRepository {

  CompletionStage<Optional<WindowView>> find(int slice, WindowKey key);

  /**
   * Writes row changes as they are (no compare-and-set). Only a slice's {@link SliceWriter} may call
   * this for its slice: being the one writer is what makes plain writes safe.
   */
  CompletionStage<Done> write(List<RowChange> changes);

  /** Every row of one slice and window: one partition read (the detector's compare, the writer's load). */
  CompletionStage<List<WindowView>> slice(int slice, Instant windowStart);

  /** The rows of the given entities in one slice and window (absent rows are left out). */
  CompletionStage<List<WindowView>> rows(int slice, Instant windowStart, Collection<String> entityKeys);

  /** An entity's rows for the given windows (all in the entity's slice). */
  CompletionStage<List<WindowView>> entity(String entityKey, int slice, List<Instant> windowStarts);

  /** The restatements of an entity's windows, oldest first. */
  CompletionStage<List<WindowCorrection>> corrections(String entityKey);
}
