package io.tally.bench.ingest;

/** Marker for the plain-Akka baseline's events, bound to jackson-cbor in this module's reference.conf. */
public interface PlainSerializable {}
