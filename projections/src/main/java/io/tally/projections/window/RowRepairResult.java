package io.tally.projections.window;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.tally.projections.ProjectionsSerializable;
import java.util.Optional;

/** What the slice's writer did with a {@link RowRepair}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "result")
@JsonSubTypes({
  @JsonSubTypes.Type(value = RowRepairResult.Applied.class, name = "applied"),
  @JsonSubTypes.Type(value = RowRepairResult.Unchanged.class, name = "unchanged"),
  @JsonSubTypes.Type(value = RowRepairResult.Stale.class, name = "stale"),
  @JsonSubTypes.Type(value = RowRepairResult.Failed.class, name = "failed")
})
public sealed interface RowRepairResult extends ProjectionsSerializable {

  /** The row was rewritten (or deleted); {@code before} is the row as it was stored. */
  record Applied(Optional<WindowView> before, Optional<WindowView> after) implements RowRepairResult {}

  /** The stored row already had the rebuilt values. */
  record Unchanged(Optional<WindowView> current) implements RowRepairResult {}

  /** The projection has applied events past the replay: replay again. */
  record Stale(long appliedSeqNr) implements RowRepairResult {}

  /** The writer could not apply it (e.g. Cassandra unavailable). */
  record Failed(String reason) implements RowRepairResult {}
}
