package io.tally.http.read;

import io.tally.http.dto.CorrectionBody;
import io.tally.http.dto.DiscrepancyBody;
import io.tally.http.dto.ReconciliationReport;
import io.tally.http.dto.RepairBody;
import io.tally.http.dto.WindowValuesBody;
import io.tally.http.dto.WindowViewBody;
import io.tally.projections.drift.Discrepancy;
import io.tally.projections.drift.DriftReport;
import io.tally.projections.repair.RepairRecord;
import io.tally.projections.window.WindowCorrection;
import io.tally.projections.window.WindowValues;
import io.tally.projections.window.WindowView;
import java.time.Duration;

/** Maps read-side records to the API's wire records. */
final class ReadSideViews {

  private ReadSideViews() {}

  static WindowViewBody window(WindowView v, Duration windowSize) {
    WindowValues x = v.values();
    return new WindowViewBody(v.entityKey(), v.slice(), v.windowStart(), v.windowStart().plus(windowSize),
        x.count(), x.sum(), hex(x.digest()), x.lateCount(), x.retractedCount(), v.lastSeqNr(), v.version(),
        v.updatedAt());
  }

  static WindowValuesBody values(WindowValues x) {
    return x == null ? null
        : new WindowValuesBody(x.count(), x.sum(), hex(x.digest()), x.lateCount(), x.retractedCount());
  }

  static CorrectionBody correction(WindowCorrection c) {
    return new CorrectionBody(c.entityKey(), c.windowStart(), c.version(), values(c.before()), values(c.after()),
        c.cause(), c.causeSeqNr(), c.at());
  }

  static DiscrepancyBody discrepancy(Discrepancy d) {
    return new DiscrepancyBody(d.id().toString(), d.runId().toString(), d.kind().wireName(), d.entityKey(),
        d.slice(), d.windowStart(), values(d.expected().orElse(null)), values(d.actual().orElse(null)),
        d.detectedAt());
  }

  static RepairBody repair(RepairRecord r) {
    return new RepairBody(r.id().toString(), r.discrepancyId().toString(), r.entityKey(), r.slice(),
        r.windowStart(), r.trigger(), r.actor(), r.status().wireName(), values(r.before().orElse(null)),
        values(r.after().orElse(null)), hex(r.beforeDigest()), hex(r.afterDigest()), r.createdAt(),
        r.completedAt().orElse(null), r.approvedBy().orElse(null));
  }

  static ReconciliationReport report(DriftReport r) {
    return new ReconciliationReport(r.runId().toString(), r.trigger(), r.dryRun(), r.startedAt(), r.finishedAt(),
        r.entitiesChecked(), r.pairsInFlight(), r.sliceWindowsChecked(), r.sliceWindowsDiverged(),
        r.discrepancies().stream().map(ReadSideViews::discrepancy).toList(),
        r.repairs().stream().map(ReadSideViews::repair).toList());
  }

  private static String hex(long digest) {
    return Long.toUnsignedString(digest, 16);
  }
}
