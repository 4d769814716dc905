package io.tally.http.dto;

import java.time.Instant;

/** A restatement of a closed window. */
public record CorrectionBody(
    String entityKey,
    Instant windowStart,
    long version,
    WindowValuesBody before,
    WindowValuesBody after,
    String cause,
    long causeSeqNr,
    Instant at) {}
