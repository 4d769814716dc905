package io.tally.ledger.internal;

import io.tally.ledger.AttributeValue;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes values in Tally's canonical byte encoding (all integers big-endian):
 *
 * <ul>
 *   <li>string: u32 byte length, then the UTF-8 bytes
 *   <li>long: 8 bytes two's complement; int: 4 bytes; boolean: one byte 0x00 or 0x01
 *   <li>instant: long epoch second, then int nanosecond-of-second
 *   <li>decimal: the string {@link BigDecimal#toPlainString()}
 *   <li>optional: byte 0x00 when absent, else 0x01 then the value
 *   <li>attributes: u32 count, then entries sorted by the unsigned bytes of the UTF-8 name; each
 *       entry is string name, one byte kind (0 string, 1 number, 2 boolean, 3 null), string text
 * </ul>
 */
public final class CanonicalWriter {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

  public CanonicalWriter string(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    int32(bytes.length);
    out.writeBytes(bytes);
    return this;
  }

  public CanonicalWriter int8(int value) {
    out.write(value);
    return this;
  }

  public CanonicalWriter int32(int value) {
    for (int shift = Integer.SIZE - Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
      out.write(value >>> shift);
    }
    return this;
  }

  public CanonicalWriter int64(long value) {
    for (int shift = Long.SIZE - Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
      out.write((int) (value >>> shift));
    }
    return this;
  }

  public CanonicalWriter bool(boolean value) {
    return int8(value ? 1 : 0);
  }

  public CanonicalWriter instant(Instant value) {
    return int64(value.getEpochSecond()).int32(value.getNano());
  }

  public CanonicalWriter decimal(BigDecimal value) {
    return string(value.toPlainString());
  }

  public CanonicalWriter optionalLong(Optional<Long> value) {
    return value.isPresent() ? bool(true).int64(value.get()) : bool(false);
  }

  public CanonicalWriter optionalString(String valueOrNull) {
    return valueOrNull != null ? bool(true).string(valueOrNull) : bool(false);
  }

  public CanonicalWriter attributes(Map<String, AttributeValue> attributes) {
    List<Map.Entry<byte[], AttributeValue>> entries = new ArrayList<>(attributes.size());
    attributes.forEach(
        (name, value) -> entries.add(Map.entry(name.getBytes(StandardCharsets.UTF_8), value)));
    entries.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
    int32(entries.size());
    for (Map.Entry<byte[], AttributeValue> entry : entries) {
      int32(entry.getKey().length);
      out.writeBytes(entry.getKey());
      int8(entry.getValue().kind().ordinal());
      string(entry.getValue().value());
    }
    return this;
  }

  public byte[] toBytes() {
    return out.toByteArray();
  }
}
