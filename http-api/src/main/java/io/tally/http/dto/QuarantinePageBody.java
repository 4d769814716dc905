package io.tally.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A page of quarantine entries, newest first; {@code nextPageToken} (absent at the end) is passed
 * back as {@code pageToken} with the same filters for the next page. A page may be short, even
 * empty, and still have a next one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuarantinePageBody(List<QuarantineEntryBody> items, String nextPageToken) {}
