package io.tally.http.dto;

import java.time.Instant;

/** The record of a view repair. */
public record RepairBody(
    String id,
    String discrepancyId,
    String entityKey,
    int slice,
    Instant windowStart,
    String trigger,
    String actor,
    String status,
    WindowValuesBody before,
    WindowValuesBody after,
    String beforeDigest,
    String afterDigest,
    Instant createdAt,
    Instant completedAt,
    String approvedBy) {}
