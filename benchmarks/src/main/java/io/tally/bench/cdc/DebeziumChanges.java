package io.tally.bench.cdc;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Debezium's JSON (without the schema part) for a Postgres balance table's changes: round 0
 * creates a row, later rounds update it; each change at the next log position.
 */
final class DebeziumChanges {

  private final Instant changedAt;
  private long lsn = 1;

  DebeziumChanges(Instant changedAt) {
    this.changedAt = changedAt;
  }

  byte[] next(int row, int round) {
    long position = lsn++;
    String before = round == 0 ? "null" : image(row, balance(row, round - 1));
    String after = image(row, balance(row, round));
    return ("{\"before\":" + before + ",\"after\":" + after + ",\"source\":{\"connector\":\"postgresql\","
        + "\"name\":\"bench\",\"ts_ms\":" + (changedAt.toEpochMilli() + position) + ",\"db\":\"bench\","
        + "\"schema\":\"public\",\"table\":\"accounts\",\"txId\":" + position + ",\"lsn\":" + position + "},"
        + "\"op\":\"" + (round == 0 ? "c" : "u") + "\",\"ts_ms\":" + (changedAt.toEpochMilli() + position + 1) + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The row's key as Debezium writes it: a row's changes stay in one partition, in order. */
  static byte[] key(int row) {
    return ("{\"id\":" + row + "}").getBytes(StandardCharsets.UTF_8);
  }

  private static String image(int row, String balance) {
    return "{\"id\":" + row + ",\"balance\":\"" + balance + "\"}";
  }

  /** Each round adds 1.00: the delta of every update is 1.00, like the baseline's events. */
  private static String balance(int row, int round) {
    return (round + 1) + ".00";
  }
}
