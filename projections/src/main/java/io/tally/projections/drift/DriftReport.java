package io.tally.projections.drift;

import io.tally.projections.repair.RepairRecord;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The result of one detector run.
 *
 * @param entitiesChecked entities whose settled windows were compared
 * @param pairsInFlight (entity, window) pairs that differed at first look and agreed on the
 *     re-check (a change still on its way to the view): not recorded
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
    int pairsInFlight,
    int sliceWindowsChecked,
    int sliceWindowsDiverged,
    List<Discrepancy> discrepancies,
    List<RepairRecord> repairs) {

  public DriftReport {
    discrepancies = List.copyOf(discrepancies);
    repairs = List.copyOf(repairs);
  }
}
