package io.tally.http.quarantine;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One rejected event.
 *
 * @param id time-based (version 1) UUID; its time is {@code quarantinedAt}
 * @param entityKey as read from the event; absent when it could not be read
 * @param idempotencyKey as read; absent when it could not be read
 * @param reason the rejection code: the contract or entity rule id ({@code unknown-field},
 *     {@code late}, {@code owner}, {@code malformed_json}, ...), {@code conflict} or {@code gone}
 * @param field the event field concerned, when there is one
 * @param detail the message the producer was answered with
 * @param raw the event's JSON as received, bounded
 * @param caller the authenticated caller that sent it
 * @param requestIndex its position in the request (array index, NDJSON line)
 * @param resolution set once a re-submission was accepted
 */
public record QuarantineEntry(
    UUID id,
    Instant quarantinedAt,
    Optional<String> entityKey,
    Optional<String> idempotencyKey,
    String reason,
    Optional<String> field,
    String detail,
    RawText raw,
    String caller,
    long requestIndex,
    Optional<Resolution> resolution) {

  public QuarantineEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(quarantinedAt, "quarantinedAt");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(caller, "caller");
    if (id.version() != 1) {
      throw new IllegalArgumentException("a quarantine id is a time-based UUID, not version " + id.version());
    }
  }

  public QuarantineStatus status() {
    return resolution.isPresent() ? QuarantineStatus.RESOLVED : QuarantineStatus.OPEN;
  }

  public QuarantineEntry resolved(Resolution by) {
    return new QuarantineEntry(id, quarantinedAt, entityKey, idempotencyKey, reason, field, detail, raw, caller,
        requestIndex, Optional.of(by));
  }
}
