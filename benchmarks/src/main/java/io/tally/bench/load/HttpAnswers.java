package io.tally.bench.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads an answer of {@code POST /v1/events} (http-api's EventRoutes): 429 = refused at admission
 * with {@code Retry-After} in whole seconds; an array's 200 carries {@code counts} by status
 * first ({@code {"counts":{"accepted":98,"unavailable":2},"results":[...]}}); one event is
 * answered with its own result and status code (202 accepted, 200 duplicate, 503 unavailable,
 * 409/410/422 conflict, gone, rejected). Anything else is not an ingest answer: an
 * {@link IOException}.
 */
public final class HttpAnswers {

  static final int ACCEPTED_ONE = 202;
  static final int ANSWERED = 200;
  static final int TOO_MANY_REQUESTS = 429;
  static final int UNAVAILABLE_ONE = 503;
  static final int CONFLICT = 409;
  static final int GONE = 410;
  static final int REJECTED = 422;
  /** When a 429 names no usable delay: the node's shipped {@code tally.http.retry-after}. */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
  /** A longer Retry-After is capped: a cell lasts seconds, and the wait is counted, not measured. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);
  private static final int BODY_SHOWN = 200;
  private static final JsonFactory JSON = new JsonFactory();

  private HttpAnswers() {}

  /** The answer to a request of {@code events} events, sent as a JSON array or as one object. */
  public static Answer read(int status, String body, Optional<String> retryAfter, int events, boolean array)
      throws IOException {
    if (status == TOO_MANY_REQUESTS) {
      return Answer.refused(retryAfter(retryAfter));
    }
    if (array) {
      if (status == ANSWERED) {
        return counted(body, events);
      }
      throw unexpected(status, body);
    }
    if (status == ACCEPTED_ONE) {
      return Answer.accepted(1);
    }
    if ((status == ANSWERED || status == UNAVAILABLE_ONE || status == CONFLICT || status == GONE
        || status == REJECTED)) {
      return single(status, body);
    }
    throw unexpected(status, body);
  }

  /** Whole seconds (RFC 9110 also allows a date; the API never sends one), within bounds. */
  static Duration retryAfter(Optional<String> header) {
    try {
      long seconds = Long.parseLong(header.orElse("").trim());
      Duration asked = Duration.ofSeconds(Math.max(0, seconds));
      return asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
    } catch (NumberFormatException e) {
      return DEFAULT_RETRY_AFTER;
    }
  }

  /** The {@code counts} object of an array's answer, read without parsing the per-event results after it. */
  private static Answer counted(String body, int events) throws IOException {
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw unexpected(ANSWERED, body);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.getCurrentName();
        p.nextToken();
        if (field.equals("counts")) {
          return counts(p, body, events);
        }
        p.skipChildren();
      }
    }
    throw unexpected(ANSWERED, body);
  }

  private static Answer counts(JsonParser p, String body, int events) throws IOException {
    int accepted = 0;
    int duplicate = 0;
    int unavailable = 0;
    int other = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String status = p.getCurrentName();
      p.nextToken();
      int n = p.getIntValue();
      switch (status) {
        case "accepted" -> accepted += n;
        case "duplicate" -> duplicate += n;
        case "unavailable" -> unavailable += n;
        default -> other += n;
      }
    }
    if (accepted + duplicate + unavailable + other != events) {
      throw new IOException("the answer counts " + (accepted + duplicate + unavailable + other) + " events of "
          + events + ": " + shown(body));
    }
    return new Answer(accepted, duplicate, unavailable, other, false, Duration.ZERO);
  }

  /** One event's result: its {@code status} field, which must agree with the status code. */
  private static Answer single(int code, String body) throws IOException {
    String status = null;
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.getCurrentName();
          p.nextToken();
          if (field.equals("status")) {
            status = p.getText();
            break;
          }
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw unexpected(code, body);
    }
    if (code == ANSWERED && "duplicate".equals(status)) {
      return new Answer(0, 1, 0, 0, false, Duration.ZERO);
    }
    if (code == UNAVAILABLE_ONE && "unavailable".equals(status)) {
      return new Answer(0, 0, 1, 0, false, Duration.ZERO);
    }
    if ((code == CONFLICT || code == GONE || code == REJECTED) && status != null) {
      return new Answer(0, 0, 0, 1, false, Duration.ZERO);
    }
    throw unexpected(code, body);
  }

  private static IOException unexpected(int status, String body) {
    return new IOException("HTTP " + status + ": " + shown(body));
  }

  private static String shown(String body) {
    return body.substring(0, Math.min(BODY_SHOWN, body.length()));
  }
}
