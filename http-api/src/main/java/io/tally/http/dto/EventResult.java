package io.tally.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * The result of one submitted event, in input order. {@code status} is one of accepted,
 * duplicate, conflict, gone, rejected, unavailable; results other than accepted and duplicate
 * also carry the API's error fields ({@code error}, {@code detail}, {@code field}). A conflict,
 * gone or rejected result carries {@code quarantineId} once the event is kept in the quarantine.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventResult(
    long index,
    String entityKey,
    String idempotencyKey,
    String status,
    Long seqNr,
    Instant ingestedAt,
    Instant windowStart,
    Boolean late,
    Long originalSeqNr,
    String error,
    String detail,
    String field,
    String quarantineId) {

  public EventResult withQuarantineId(UUID id) {
    return new EventResult(index, entityKey, idempotencyKey, status, seqNr, ingestedAt, windowStart, late,
        originalSeqNr, error, detail, field, id.toString());
  }
}
