package io.tally.http.cdc;

/**
 * Why a message of a Debezium stream was counted and answered but never applied: it is not a row
 * change Tally could record, yet it is a normal part of the stream (refusing it would stop a
 * Debezium Server sink, or fill the quarantine with what is not an error).
 */
public enum SkipReason {
  /** {@code op = t}: a table was emptied. Applying it would tombstone entities Tally cannot list. */
  TRUNCATE("truncate"),
  /** A Kafka record with a null value: Debezium's compaction marker after a delete. */
  KAFKA_TOMBSTONE("kafka_tombstone"),
  /** A schema change event (DDL), sent by the MySQL and SQL Server connectors. */
  SCHEMA_CHANGE("schema_change"),
  /** A heartbeat ({@code heartbeat.interval.ms}): only {@code ts_ms}. */
  HEARTBEAT("heartbeat"),
  /** A transaction boundary ({@code provide.transaction.metadata}): BEGIN or END. */
  TRANSACTION("transaction"),
  /** {@code op = m}: a logical decoding message, not a row. */
  MESSAGE("message"),
  /** {@code op = r} of a table mapped with {@code snapshot-reads = skip}. */
  SNAPSHOT_READ("snapshot_read");

  private final String wireName;

  SkipReason(String wireName) {
    this.wireName = wireName;
  }

  /** The reason in answers and metrics. */
  public String wireName() {
    return wireName;
  }
}
