package io.tally.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A page of discrepancy or repair records, newest first; {@code next} (absent on the last page) is
 * passed back as {@code after} for the next, older page.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordsPage<T>(List<T> items, String next) {}
