package io.tally.http.dto;

import java.math.BigDecimal;

/** The compared values of a window (count, sum, digest, late and retracted counts). */
public record WindowValuesBody(long count, BigDecimal sum, String digest, long lateCount, long retractedCount) {}
