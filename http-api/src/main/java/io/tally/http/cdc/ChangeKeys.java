package io.tally.http.cdc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The idempotency key of a change: {@code dbz:} and the hex SHA-256 of, each as its UTF-8 bytes
 * after their length (4 bytes, big-endian), the format version ({@code 1}), the table's qualified
 * name, the op code, the change's {@link ChangePosition} and the primary key values in key-column
 * order. A change delivered again (a retry, a replay from an older offset, Kafka instead of HTTP)
 * maps to the same key and is applied once; two changes never share one.
 *
 * <p>A snapshot read ({@code op = r}) leaves the position out (it is written as empty): a row's
 * read is its opening, once per row. A snapshot that is interrupted and taken again reads the rows
 * at a new position; keyed by position, each row read twice would count twice. Keyed by row, a
 * second read answers {@code duplicate} or {@code conflict} (its event time is the new snapshot's)
 * and is never counted twice.
 */
final class ChangeKeys {

  static final String PREFIX = "dbz:";
  private static final String FORMAT_VERSION = "1";

  private ChangeKeys() {}

  static String idempotencyKey(String table, ChangeOp op, String position, List<String> keyValues) {
    MessageDigest sha256 = sha256();
    update(sha256, FORMAT_VERSION);
    update(sha256, table);
    update(sha256, op.code());
    update(sha256, op == ChangeOp.READ ? "" : position);
    keyValues.forEach(v -> update(sha256, v));
    return PREFIX + HexFormat.of().formatHex(sha256.digest());
  }

  private static void update(MessageDigest digest, String part) {
    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
    digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
    digest.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
