package io.tally.http.dto;

import java.time.Instant;
import java.util.List;

/** The result of one reconciliation run. */
public record ReconciliationReport(
    String runId,
    String trigger,
    boolean dryRun,
    Instant startedAt,
    Instant finishedAt,
    int entitiesChecked,
    int pairsInFlight,
    int sliceWindowsChecked,
    int sliceWindowsDiverged,
    List<DiscrepancyBody> discrepancies,
    List<RepairBody> repairs) {}
