package io.tally.http.quarantine;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The text of a rejected event as received, cut at {@code max-raw-bytes}.
 *
 * @param text the UTF-8 text; when truncated, its first bytes (whole characters) followed by
 *     {@link #MARKER} and the size received
 * @param bytes the size received, in UTF-8 bytes
 * @param truncated whether {@code text} was cut
 */
public record RawText(String text, int bytes, boolean truncated) {

  public static final String MARKER = "…[truncated; bytes received: ";

  public RawText {
    Objects.requireNonNull(text, "text");
  }

  /** At most {@code maxBytes} UTF-8 bytes of {@code utf8}, marker included. */
  public static RawText bounded(byte[] utf8, int maxBytes) {
    if (utf8.length <= maxBytes) {
      return new RawText(new String(utf8, StandardCharsets.UTF_8), utf8.length, false);
    }
    String marker = MARKER + utf8.length + "]";
    int cut = Math.max(0, maxBytes - marker.getBytes(StandardCharsets.UTF_8).length);
    // Back up to the start of a character: UTF-8 continuation bytes are 10xxxxxx.
    while (cut > 0 && (utf8[cut] & 0xC0) == 0x80) {
      cut--;
    }
    return new RawText(new String(utf8, 0, cut, StandardCharsets.UTF_8) + marker, utf8.length, true);
  }

  public static RawText bounded(String text, int maxBytes) {
    return bounded(text.getBytes(StandardCharsets.UTF_8), maxBytes);
  }
}
