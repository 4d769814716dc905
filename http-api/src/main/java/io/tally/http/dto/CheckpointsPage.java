package io.tally.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A page of reconciliation checkpoints; {@code next} is the {@code after} of the next page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckpointsPage(List<Checkpoint> checkpoints, String next) {

  /**
   * The checkpoint a compared statement left: its batch, source, period, form, counts by kind,
   * entities and windows compared, and when.
   */
  public record Checkpoint(String batchId, String source, Instant periodFrom, Instant periodTo, String form,
      Map<String, Long> result, long entities, long windows, Instant comparedAt) {}
}
