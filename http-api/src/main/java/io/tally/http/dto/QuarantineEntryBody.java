package io.tally.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One quarantine entry: the refused event's keys (when they could be read), why it was refused,
 * its text as received ({@code raw}, cut at {@code tally.quarantine.max-raw-bytes} when {@code
 * rawTruncated}; {@code rawBytes} is the size received), who sent it, its position in the
 * request, and, once resolved, by whom and with which accepted idempotency key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuarantineEntryBody(
    String id,
    Instant quarantinedAt,
    String status,
    String entityKey,
    String idempotencyKey,
    String reason,
    String field,
    String detail,
    String raw,
    int rawBytes,
    boolean rawTruncated,
    String caller,
    long requestIndex,
    Instant resolvedAt,
    String resolvedBy,
    String resolvedIdempotencyKey) {}
