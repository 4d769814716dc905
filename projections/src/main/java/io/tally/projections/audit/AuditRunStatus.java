package io.tally.projections.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A run as {@code GET /v1/audit/runs/{id}} shows it: state, progress, and the report when done. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRunStatus(
    String id, State state, AuditScope scope, Instant startedAt, AuditProgress progress, AuditReport report,
    String error) {

  public enum State { running, completed, failed }
}
