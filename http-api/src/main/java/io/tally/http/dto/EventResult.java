package io.tally.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * The result of one submitted event, in input order. Results other than accepted and duplicate
 * also carry the API's error fields ({@code error}, {@code detail}, {@code field}). A conflict,
 * gone or rejected result carries {@code quarantineId} once the event is kept in the quarantine.
 * Built by one factory per kind of result.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventResult(
    long index,
    String entityKey,
    String idempotencyKey,
    EventStatus status,
    Long seqNr,
    Instant ingestedAt,
    Instant windowStart,
    Boolean late,
    Long originalSeqNr,
    String error,
    String detail,
    String field,
    String quarantineId) {

  /** Persisted now as event {@code seqNr}, in the window starting at {@code windowStart}. */
  public static EventResult accepted(long index, String entityKey, String idempotencyKey, long seqNr,
      Instant ingestedAt, Instant windowStart, boolean late) {
    return new EventResult(index, entityKey, idempotencyKey, EventStatus.ACCEPTED, seqNr, ingestedAt, windowStart,
        late, null, null, null, null, null);
  }

  /** Persisted before as event {@code originalSeqNr}, with the same content. */
  public static EventResult duplicate(long index, String entityKey, String idempotencyKey, long originalSeqNr) {
    return new EventResult(index, entityKey, idempotencyKey, EventStatus.DUPLICATE, null, null, null, null,
        originalSeqNr, null, null, null, null);
  }

  /** Refused (conflict, gone or rejected), or not answered (unavailable): why, and which field if one. */
  public static EventResult refused(long index, String entityKey, String idempotencyKey, EventStatus status,
      String detail, String field) {
    if (status.stored()) {
      throw new IllegalArgumentException(status + " is not a refusal");
    }
    return new EventResult(index, entityKey, idempotencyKey, status, null, null, null, null, null,
        status.wireName(), detail, field, null);
  }

  public EventResult withQuarantineId(UUID id) {
    return new EventResult(index, entityKey, idempotencyKey, status, seqNr, ingestedAt, windowStart, late,
        originalSeqNr, error, detail, field, id.toString());
  }
}
