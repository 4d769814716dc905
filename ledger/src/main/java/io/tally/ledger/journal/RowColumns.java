package io.tally.ledger.journal;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import java.nio.ByteBuffer;

/**
 * Journal row columns read with their codecs named: {@code Row.getLong(i)} and the like look the
 * codec up in the registry for every value, which showed in a profile of the journal scan.
 */
final class RowColumns {

  private RowColumns() {}

  static long bigint(Row row, int i) {
    return TypeCodecs.BIGINT.decodePrimitive(row.getBytesUnsafe(i), row.protocolVersion());
  }

  static int integer(Row row, int i) {
    return TypeCodecs.INT.decodePrimitive(row.getBytesUnsafe(i), row.protocolVersion());
  }

  static String text(Row row, int i) {
    return TypeCodecs.TEXT.decode(row.getBytesUnsafe(i), row.protocolVersion());
  }

  /** The value's bytes, to be read without disturbing the row's buffer. */
  static ByteBuffer blob(Row row, int i) {
    ByteBuffer bytes = row.getBytesUnsafe(i);
    return bytes == null ? ByteBuffer.allocate(0) : bytes.duplicate();
  }
}
