package io.tally.http.cdc;

import java.util.Optional;

/**
 * Debezium's {@code op}: what happened to the row. Create, update and snapshot read carry the row
 * as it is now ({@code after}); delete carries it as it was ({@code before}); truncate and message
 * name no row.
 */
public enum ChangeOp {
  CREATE("c"),
  UPDATE("u"),
  /** A row read by a snapshot: its state when read, not a change. */
  READ("r"),
  DELETE("d"),
  TRUNCATE("t"),
  /** A logical decoding message (Postgres {@code pg_logical_emit_message}): no row at all. */
  MESSAGE("m");

  private final String code;

  ChangeOp(String code) {
    this.code = code;
  }

  /** The code on the wire ({@code c}, {@code u}, ...): also the metric label. */
  public String code() {
    return code;
  }

  public static Optional<ChangeOp> fromCode(String code) {
    for (ChangeOp op : values()) {
      if (op.code.equals(code)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
