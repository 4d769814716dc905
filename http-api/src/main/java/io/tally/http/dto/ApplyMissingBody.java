package io.tally.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What applying a statement's missing records did, or would do on a dry run: how many events, their
 * outcomes (none on a dry run), the first few events, whether the statement had more missing records
 * than it kept, and the {@code after} of the next call when more are left.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApplyMissingBody(boolean dryRun, long events, Map<String, Long> outcomes, List<JsonNode> sample,
    boolean truncated, String next) {}
