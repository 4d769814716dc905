package io.tally.projections;

/**
 * Marker for the read side's messages between nodes (repairs sent to a slice's writer). Bound to
 * {@code jackson-cbor} in this module's {@code reference.conf}.
 */
public interface ProjectionsSerializable {}
