package io.tally.projections.drift;

import io.tally.projections.repair.RepairRecord;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The result of one detector run.
 *
 * @param entitiesChecked entities compared (settled ones)
 * @param entitiesDeferred entities skipped this run because their last event is younger than
 *     settle-time (their events may still be on the way through eventsByTag)
 * @param sliceWindowsChecked slice-window partitions compared by combined digest
 * @param sliceWindowsDiverged of those, the ones whose digests differed (bisected to entities)
 */
public record DriftReport(
    UUID runId,
    String trigger,
    boolean dryRun,
    Instant startedAt,
    Instant finishedAt,
    int entitiesChecked,
    int entitiesDeferred,
    int sliceWindowsChecked,
    int sliceWindowsDiverged,
    List<Discrepancy> discrepancies,
    List<RepairRecord> repairs) {

  public DriftReport {
    discrepancies = List.copyOf(discrepancies);
    repairs = List.copyOf(repairs);
  }
}
