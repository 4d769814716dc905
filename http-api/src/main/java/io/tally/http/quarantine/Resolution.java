package io.tally.http.quarantine;

import java.time.Instant;
import java.util.Objects;

/**
 * How an entry was resolved: when, by which caller, and the idempotency key of the corrected
 * event that was accepted (or answered duplicate).
 */
public record Resolution(Instant at, String by, String idempotencyKey) {

  public Resolution {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
  }
}
