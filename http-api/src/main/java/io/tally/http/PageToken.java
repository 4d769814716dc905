package io.tally.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The opaque token of a list ordered by time-based ids, newest first: where the next page starts
 * (the quarantine's {@code pageToken}; a discrepancy or repair list's {@code after}), versioned so
 * that its form can change without misreading old tokens.
 */
public final class PageToken {

  private static final String VERSION = "q1:";

  private PageToken() {}

  public static String of(UUID next) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((VERSION + next).getBytes(StandardCharsets.UTF_8));
  }

  /** Empty when the text is not a token this API gave out. */
  public static Optional<UUID> parse(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!text.startsWith(VERSION)) {
        return Optional.empty();
      }
      UUID id = UUID.fromString(text.substring(VERSION.length()));
      return id.version() == 1 ? Optional.of(id) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
