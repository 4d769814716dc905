package io.tally.http.dto;

import java.util.List;
import java.util.Map;

/** The answer to a JSON array: one result per event in input order, and counts per status. */
public record BatchResult(Map<String, Long> counts, List<EventResult> results) {

  public BatchResult {
    counts = Map.copyOf(counts);
    results = List.copyOf(results);
  }
}
