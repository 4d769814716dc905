package io.tally.http.batch;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a page of differences ends, as the opaque {@code after} of the next page: the kind, entity,
 * item and line of its last difference, base64url-encoded. Keys cannot hold control characters, so
 * a NUL separates the parts.
 */
record DifferencePageToken(DifferenceKind kind, StatementStore.DifferenceCursor cursor) {

  /** Longer tokens are refused before they are decoded. */
  static final int MAX_LENGTH = 4096;
  private static final String SEPARATOR = "\u0000";

  String text() {
    String plain = String.join(SEPARATOR, kind.wireName(), cursor.entityKey(), cursor.item(),
        Long.toString(cursor.line()));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  static Optional<DifferencePageToken> parse(String token) {
    if (token.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(SEPARATOR, -1);
      if (parts.length != 4) {
        return Optional.empty();
      }
      return DifferenceKind.fromWireName(parts[0]).filter(DifferenceKind::kept).map(kind -> new DifferencePageToken(
          kind, new StatementStore.DifferenceCursor(parts[1], parts[2], Long.parseLong(parts[3]))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
