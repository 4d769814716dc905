package io.tally.projections.statement;

import java.util.List;
import java.util.Optional;

/**
 * One page of {@link CheckpointStore#list}: its checkpoints and, when there may be more, the
 * token that asks for the next page.
 */
public record CheckpointPage(List<ReconciliationCheckpoint> checkpoints, Optional<String> next) {

  public CheckpointPage {
    checkpoints = List.copyOf(checkpoints);
  }
}
