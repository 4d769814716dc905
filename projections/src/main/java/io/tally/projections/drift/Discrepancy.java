package io.tally.projections.drift;

import io.tally.projections.window.WindowKey;
import io.tally.projections.window.WindowValues;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One divergence found by a detector run: what, where, expected (the write side) and actual (the
 * view), and when.
 *
 * @param id a time-based UUID (its timestamp is the detection time)
 */
public record Discrepancy(
    UUID id,
    UUID runId,
    DiscrepancyKind kind,
    String entityKey,
    int slice,
    Instant windowStart,
    Optional<WindowValues> expected,
    Optional<WindowValues> actual,
    Instant detectedAt) {

  public WindowKey key() {
    return new WindowKey(entityKey, windowStart);
  }
}
