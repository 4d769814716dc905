package io.tally.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A divergence found by the drift detector; expected or actual is absent (null) when missing. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DiscrepancyBody(
    String id,
    String runId,
    String kind,
    String entityKey,
    int slice,
    Instant windowStart,
    WindowValuesBody expected,
    WindowValuesBody actual,
    Instant detectedAt) {}
