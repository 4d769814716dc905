package io.tally.projections.window;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Storage of window views and their corrections. */
public interface WindowViewRepository {

  CompletionStage<Optional<WindowView>> find(int slice, WindowKey key);

  /** Applies the write if the row is as expected; completes with false when it lost a race. */
  CompletionStage<Boolean> write(RowWrite write);

  /** Every row of one slice and window (what the drift detector compares). */
  CompletionStage<List<WindowView>> slice(int slice, Instant windowStart);

  /** An entity's rows for the given windows (all in the entity's slice). */
  CompletionStage<List<WindowView>> entity(String entityKey, int slice, List<Instant> windowStarts);

  /** The restatements of an entity's windows, oldest first. */
  CompletionStage<List<WindowCorrection>> corrections(String entityKey);
}
