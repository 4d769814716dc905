package io.tally.projections.statement;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The page tokens of {@link CheckpointStore#list}: a letter naming what the token continues after,
 * then base64url (no padding), so a token is URL-safe as it is. Tokens are bounded ({@link
 * #MAX_LENGTH}); batch ids, sources and the driver's paging state of this table stay well within
 * it.
 */
public final class PageToken {

  /** The longest token accepted or given. */
  public static final int MAX_LENGTH = 2048;

  /** The listings, as errors name them. */
  static final String ONE_SOURCE = "a listing of one source";
  static final String ALL_SOURCES = "a listing of all sources";

  private static final char AFTER_BATCH = 'b';
  private static final char AFTER_CHECKPOINT = 'c';
  private static final char PAGING_STATE = 'p';
  private static final String SEPARATOR = ".";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  /** How much of a bad token an error message repeats. */
  private static final int SHOWN_CHARS = 40;

  private PageToken() {}

  /** Where a listing of one source goes on: after this batch id. */
  static String afterBatch(String batchId) {
    return bounded(AFTER_BATCH + text(batchId));
  }

  /** Where a listing of every source goes on: after this source's batch id. */
  static String afterCheckpoint(String source, String batchId) {
    return bounded(AFTER_CHECKPOINT + text(source) + SEPARATOR + text(batchId));
  }

  /** Where a listing of every source goes on: the driver's paging state. */
  static String pagingState(byte[] state) {
    return bounded(PAGING_STATE + ENCODER.encodeToString(state));
  }

  /** The batch id of a token of {@link #afterBatch}; {@code listing} names the listing for errors. */
  static String batchOf(String token, String listing) {
    return text(payload(token, AFTER_BATCH, listing), token);
  }

  /** The source and batch id of a token of {@link #afterCheckpoint}. */
  static String[] checkpointOf(String token, String listing) {
    String payload = payload(token, AFTER_CHECKPOINT, listing);
    int separator = payload.indexOf(SEPARATOR);
    if (separator < 0) {
      throw invalid(token, "it is truncated");
    }
    return new String[] {text(payload.substring(0, separator), token), text(payload.substring(separator + 1), token)};
  }

  /** The paging state of a token of {@link #pagingState}. */
  static byte[] pagingStateOf(String token, String listing) {
    return bytes(payload(token, PAGING_STATE, listing), token);
  }

  private static String payload(String token, char kind, String listing) {
    if (token.isEmpty() || token.length() > MAX_LENGTH) {
      throw invalid(token, "a page token has 1 to " + MAX_LENGTH + " characters");
    }
    if (token.charAt(0) != kind) {
      throw invalid(token, "it is not a token of " + listing);
    }
    return token.substring(1);
  }

  private static String text(String value) {
    return ENCODER.encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(String encoded, String token) {
    return new String(bytes(encoded, token), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String encoded, String token) {
    try {
      return DECODER.decode(encoded);
    } catch (IllegalArgumentException e) {
      throw invalid(token, "it is not base64url");
    }
  }

  private static String bounded(String token) {
    if (token.length() > MAX_LENGTH) {
      throw new IllegalStateException("a page token would have " + token.length() + " characters, more than "
          + MAX_LENGTH);
    }
    return token;
  }

  static IllegalArgumentException invalid(String token, String why) {
    return new IllegalArgumentException("invalid page token '" + shown(token) + "': " + why
        + "; pass the 'next' of the previous page of the same listing");
  }

  /** The token as an error shows it: its start, for a token may be long. */
  private static String shown(String token) {
    return token.length() <= SHOWN_CHARS ? token : token.substring(0, SHOWN_CHARS) + "...";
  }
}
