package io.tally.projections.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of an audit run, the JSON both the job's report file and {@code GET
 * /v1/audit/runs/{id}} show.
 *
 * @param findingsByKind findings counted by kind, over what each entity kept (at most {@code
 *     tally.audit.max-findings-per-entity} each), including those beyond {@code max-findings}
 * @param findings at most {@code tally.audit.max-findings} findings
 * @param findingsOmitted findings counted but not kept (per-entity or per-run bound)
 * @param entitiesWithFindings entities with at least one finding
 */
public record AuditReport(
    String runId,
    AuditScope scope,
    Instant startedAt,
    Instant finishedAt,
    long entitiesChecked,
    long eventsChecked,
    long entitiesWithFindings,
    long chainBreaks,
    long stateMismatches,
    Map<String, Long> findingsByKind,
    List<Finding> findings,
    long findingsOmitted) {

  public AuditReport {
    findingsByKind = Map.copyOf(findingsByKind);
    findings = List.copyOf(findings);
  }

  @JsonIgnore
  public boolean clean() {
    return findingsByKind.isEmpty();
  }

  /** A short human-readable summary (a few lines). */
  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(String.format("audit %s: %s — %d entities, %d events checked in %.1f s%n", runId,
        clean() ? "CLEAN" : "FINDINGS", entitiesChecked, eventsChecked,
        (finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0));
    if (!clean()) {
      s.append(String.format("  %d chain breaks, %d state mismatches, in %d entities; by kind: %s%n",
          chainBreaks, stateMismatches, entitiesWithFindings, new TreeMap<>(findingsByKind)));
      findings.stream().limit(10).forEach(f -> s.append(String.format("  %s seqNr %s: %s (%s)%n",
          f.entityKey(), f.seqNr() == null ? "-" : f.seqNr(), f.kind(), f.detail())));
      if (findings.size() > 10 || findingsOmitted > 0) {
        s.append("  ... see the report for all findings").append(System.lineSeparator());
      }
    }
    return s.toString();
  }
}
