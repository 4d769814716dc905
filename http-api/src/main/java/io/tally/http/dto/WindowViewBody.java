package io.tally.http.dto;

import java.math.BigDecimal;
import java.time.Instant;

/** One window view row. {@code digest} is the unsigned hex of the idempotency-key digest. */
public record WindowViewBody(
    String entityKey,
    int slice,
    Instant windowStart,
    Instant windowEnd,
    long count,
    BigDecimal sum,
    String digest,
    long lateCount,
    long retractedCount,
    long lastSeqNr,
    long version,
    Instant updatedAt) {}
