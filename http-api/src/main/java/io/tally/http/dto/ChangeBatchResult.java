package io.tally.http.dto;

import java.util.List;
import java.util.Map;

/** The answer to a JSON array of change events: one result per change in input order, and counts per status. */
public record ChangeBatchResult(Map<String, Long> counts, List<ChangeResult> results) {

  public ChangeBatchResult {
    counts = Map.copyOf(counts);
    results = List.copyOf(results);
  }
}
