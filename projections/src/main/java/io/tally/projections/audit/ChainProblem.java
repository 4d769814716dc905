package io.tally.projections.audit;

/** One problem of one journal event's link in the hash chain. */
public record ChainProblem(BreakKind kind, String detail) {}
