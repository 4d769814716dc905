package io.tally.http.dto;

import java.util.Map;

/** Body of the health routes: overall status and, for readiness, each check's result. */
public record HealthStatus(String status, Map<String, String> checks) {

  public HealthStatus {
    checks = Map.copyOf(checks);
  }
}
