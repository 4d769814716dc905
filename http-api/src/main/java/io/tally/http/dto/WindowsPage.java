package io.tally.http.dto;

import java.util.List;

/** Window views answering one query. */
public record WindowsPage(List<WindowViewBody> windows) {}
