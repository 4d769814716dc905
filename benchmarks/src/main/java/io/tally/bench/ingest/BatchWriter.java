package io.tally.bench.ingest;

/**
 * One way of durably writing a batch of events for one entity (Tally over HTTP, the raw driver,
 * plain Akka). {@link #write} returns once the batch is acknowledged as persisted and throws if
 * it was not.
 */
public interface BatchWriter {

  /** Short name for the tables. */
  String name();

  /**
   * Writes {@code batchSize} new events for entity {@code entityKey}; {@code firstEvent} numbers
   * them uniquely within the run (idempotency keys, sequence numbers).
   */
  void write(String entityKey, long firstEvent, int batchSize) throws Exception;
}
