package io.tally.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to a re-submission: the corrected event's result (as POST /v1/events answers it; a
 * refused one carries the new entry's {@code quarantineId}) and the original entry as it now is
 * (resolved when the result is accepted or duplicate).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResubmissionBody(EventResult result, QuarantineEntryBody entry) {}
