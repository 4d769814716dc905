package io.tally.projections.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates entity results into a report, keeping at most {@code maxFindings}. Confined to the
 * run's fold stage (hence mutable); progress is read from other threads through snapshots.
 */
final class AuditTally {

  private final String runId;
  private final AuditScope scope;
  private final Clock clock;
  private final Instant startedAt;
  private final int maxFindings;
  private final List<Finding> findings = new ArrayList<>();
  private final Map<String, Long> byKind = new HashMap<>();
  private long entities;
  private long events;
  private long entitiesWithFindings;
  private long chainBreaks;
  private long stateMismatches;
  private long omitted;

  AuditTally(String runId, AuditScope scope, Clock clock, int maxFindings) {
    this.runId = runId;
    this.scope = scope;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.maxFindings = maxFindings;
  }

  AuditTally add(EntityFindings result) {
    entities++;
    events += result.events();
    omitted += result.droppedFindings();
    if (!result.findings().isEmpty() || result.droppedFindings() > 0) {
      entitiesWithFindings++;
    }
    for (Finding f : result.findings()) {
      byKind.merge(f.kind(), 1L, Long::sum);
      if (isChainBreak(f)) {
        chainBreaks++;
      } else if (!f.kind().equals(BreakKind.UNREADABLE.wireName())) {
        stateMismatches++;
      }
      if (findings.size() < maxFindings) {
        findings.add(f);
      } else {
        omitted++;
      }
    }
    return this;
  }

  AuditProgress progress() {
    return new AuditProgress(entities, events, byKind.values().stream().mapToLong(Long::longValue).sum() + omitted,
        clock.millis() - startedAt.toEpochMilli());
  }

  AuditReport report() {
    return new AuditReport(runId, scope, startedAt, clock.instant(), entities, events, entitiesWithFindings,
        chainBreaks, stateMismatches, byKind, findings, omitted);
  }

  private static boolean isChainBreak(Finding f) {
    for (BreakKind kind : BreakKind.values()) {
      if (kind.wireName().equals(f.kind())) {
        return kind.chainBreak();
      }
    }
    return false;
  }
}
