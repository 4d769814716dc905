package io.tally.http;

import static akka.http.javadsl.server.Directives.complete;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.HttpCharsets;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import akka.util.ByteString;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.tally.http.dto.ErrorBody;
import io.tally.ledger.EntityKeyRule;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What every route needs the same way: the 400 answer naming a field, the entity-key rule (from
 * the ledger's settings), query values (instants within years 1 to 9999, integers), and NDJSON
 * lines. One place, so that every route answers bad input alike.
 */
public final class RouteSupport {

  /** {@code application/x-ndjson}, UTF-8: the streamed answers (NDJSON ingest, audited journals). */
  public static final ContentType.WithFixedCharset NDJSON =
      MediaTypes.applicationWithFixedCharset("x-ndjson", HttpCharsets.UTF_8).toContentType();

  /**
   * Years 1 to 9999: Instant.parse takes far more (+300000000-01-01T00:00:00Z), and millisecond
   * arithmetic overflows on those.
   */
  static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  private static final ByteString NEWLINE = ByteString.fromString("\n");

  private final ApiJson json;
  private final EntityKeyRule keys;

  public RouteSupport(ApiJson json, EntityKeyRule keys) {
    this.json = json;
    this.keys = keys;
  }

  public ApiJson json() {
    return json;
  }

  public EntityKeyRule keys() {
    return keys;
  }

  /** 400 {@code bad_request} naming the field (null when the problem is the whole body). */
  public HttpResponse badRequest(String field, String detail) {
    return json.response(StatusCodes.BAD_REQUEST, new ErrorBody("bad_request", detail, field));
  }

  /** {@code inner} when {@code key} is a valid entity key, else 400 naming {@code field}. */
  public Route withEntityKey(String field, String key, Supplier<Route> inner) {
    return keys.isValid(key) ? inner.get() : complete(badRequest(field, field + " must be " + keys.description()));
  }

  /** An ISO-8601 instant within years 1 to 9999, empty otherwise (or when absent). */
  public static Optional<Instant> instant(String text) {
    try {
      return Optional.ofNullable(text).map(Instant::parse).filter(i -> !i.isBefore(EARLIEST) && !i.isAfter(LATEST));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  public static Optional<Integer> integer(String text) {
    try {
      return Optional.of(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A whole number ≥ 1, {@code whenAbsent} when the parameter is absent, empty when it is not one. */
  public static Optional<Long> positiveLong(Optional<String> text, long whenAbsent) {
    if (text.isEmpty()) {
      return Optional.of(whenAbsent);
    }
    try {
      long value = Long.parseLong(text.get());
      return value >= 1 ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** One NDJSON line: the value as JSON, then a newline. */
  public ByteString ndjsonLine(Object value) {
    try {
      return ByteString.fromArray(json.mapper().writeValueAsBytes(value)).concat(NEWLINE);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
    }
  }
}
