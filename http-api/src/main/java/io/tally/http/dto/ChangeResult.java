package io.tally.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The result of one Debezium change event of {@code POST /v1/cdc/debezium}, in input order: the
 * change's op and table (when they could be read) and its {@code status}, either that of the ledger
 * event it became ({@code event}: accepted, duplicate, conflict, gone, rejected, unavailable, with
 * the event's keys and details) or {@code skipped} with the {@code reason} (truncate,
 * kafka_tombstone, schema_change, heartbeat, transaction, message, snapshot_read).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeResult(
    long index,
    String op,
    String table,
    String status,
    String reason,
    String detail,
    EventResult event) {

  public static final String SKIPPED = "skipped";

  /** Counted and answered, never applied. */
  public static ChangeResult skipped(long index, String op, String table, String reason, String detail) {
    return new ChangeResult(index, op, table, SKIPPED, reason, detail, null);
  }

  /** What became of the change's ledger event (or its rejection before it was one). */
  public static ChangeResult of(long index, String op, String table, EventResult event) {
    return new ChangeResult(index, op, table, event.status().wireName(), null, null, event);
  }
}
