package io.tally.projections.audit;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Where an audit gets a state to compare with its replay (see {@link Checkpoint}). */
public interface CheckpointSource {

  /** The entity's checkpoint, or empty when this source has none for it. */
  CompletionStage<Optional<Checkpoint>> load(String entityKey);
}
