package io.tally.http.dto;

/**
 * {@code POST /v1/audit/runs} body (optional): key range ({@code fromKey} inclusive, {@code toKey}
 * exclusive) and ingestion-time range ({@code since}, {@code until}: ISO-8601 instants, inclusive).
 */
public record AuditRunRequest(String fromKey, String toKey, String since, String until) {}
