package io.tally.http.node;

import java.util.Map;

/** The outcome of a readiness check: ready only when every named check passed. */
public record Readiness(Map<String, String> checks, boolean ready) {

  public static final String OK = "ok";

  public Readiness {
    checks = Map.copyOf(checks);
  }

  public static Readiness of(Map<String, String> checks) {
    return new Readiness(checks, checks.values().stream().allMatch(OK::equals));
  }
}
