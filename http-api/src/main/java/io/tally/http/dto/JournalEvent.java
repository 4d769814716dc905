package io.tally.http.dto;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** One persisted ledger event as the journal holds it, with its place in the hash chain. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEvent(
    long seqNr,
    String kind,
    String idempotencyKey,
    Instant eventTime,
    Instant ingestedAt,
    Instant windowStart,
    boolean late,
    Long sequence,
    String source,
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
    Map<String, Object> attributes,
    String retracts,
    Instant retractedWindowStart,
    Map<String, Object> restoredAttributes,
    String prevHash,
    String hash) {}
