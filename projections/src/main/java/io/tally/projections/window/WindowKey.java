package io.tally.projections.window;

import java.time.Instant;

/** One entity's window: the identity of a view row. */
public record WindowKey(String entityKey, Instant windowStart) {}
