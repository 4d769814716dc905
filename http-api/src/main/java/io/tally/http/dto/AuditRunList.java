package io.tally.http.dto;

import io.tally.projections.audit.AuditRunStatus;
import java.util.List;

/** {@code GET /v1/audit/runs}: the audit runs this node remembers, newest first. */
public record AuditRunList(List<AuditRunStatus> runs) {

  public AuditRunList {
    runs = List.copyOf(runs);
  }
}
