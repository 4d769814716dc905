package io.tally.projections.repair;

import io.tally.projections.window.WindowValues;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The audit record of one repair of one view row.
 *
 * @param id a time-based UUID
 * @param trigger periodic | on-demand | approval
 * @param actor who or what caused it (the detector, or the approving caller)
 * @param before the row's values before (empty = no row)
 * @param after the values rebuilt from the journal (empty = row deleted)
 * @param beforeDigest / afterDigest fingerprints of before/after (0 when absent)
 */
public record RepairRecord(
    UUID id,
    UUID discrepancyId,
    String entityKey,
    int slice,
    Instant windowStart,
    String trigger,
    String actor,
    RepairStatus status,
    Optional<WindowValues> before,
    Optional<WindowValues> after,
    long beforeDigest,
    long afterDigest,
    Instant createdAt,
    Optional<Instant> completedAt,
    Optional<String> approvedBy) {

  public io.tally.projections.window.WindowKey key() {
    return new io.tally.projections.window.WindowKey(entityKey, windowStart);
  }

  public RepairRecord with(RepairStatus status, Optional<WindowValues> before, Optional<WindowValues> after,
      Optional<Instant> completedAt, Optional<String> approvedBy) {
    return new RepairRecord(id, discrepancyId, entityKey, slice, windowStart, trigger, actor, status, before,
        after, before.map(v -> v.fingerprint(entityKey)).orElse(0L),
        after.map(v -> v.fingerprint(entityKey)).orElse(0L), createdAt, completedAt, approvedBy);
  }
}
