package io.tally.http.read;

import java.time.Duration;
import io.tally.http.HttpSettings;
import io.tally.http.PermitCount;

/**
 * Bounds on the read routes whose cost grows with an entity's history: point-in-time replays
 * ({@code asOf}: events per replay, replays at once) and audit streams (streams at once, and how
 * long one may stall on its client). Wide window queries are bounded by
 * {@code tally.projections.query.max-windows}.
 */
public final class ReadAdmission {

  private final PermitCount replays;
  private final PermitCount auditStreams;
  private final long maxReplayEvents;
  private final Duration auditStreamIdleTimeout;

  public ReadAdmission(HttpSettings.Limits limits) {
    this.replays = new PermitCount(limits.maxConcurrentReplays());
    this.auditStreams = new PermitCount(limits.maxConcurrentAuditStreams());
    this.maxReplayEvents = limits.maxReplayEvents();
    this.auditStreamIdleTimeout = limits.auditStreamIdleTimeout();
  }

  PermitCount replays() {
    return replays;
  }

  PermitCount auditStreams() {
    return auditStreams;
  }

  long maxReplayEvents() {
    return maxReplayEvents;
  }

  Duration auditStreamIdleTimeout() {
    return auditStreamIdleTimeout;
  }
}
