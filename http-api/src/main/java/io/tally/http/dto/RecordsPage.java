package io.tally.http.dto;

import java.util.List;

/** A list of discrepancy or repair records, newest first. */
public record RecordsPage<T>(List<T> items) {}
