package io.tally.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Values read from query parameters, empty when the text is not one: the routes answer 400 naming
 * the parameter.
 */
final class QueryValues {

  /**
   * Years 1 to 9999: Instant.parse takes far more (+300000000-01-01T00:00:00Z), and millisecond
   * arithmetic overflows on those.
   */
  static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  private QueryValues() {}

  /** An ISO-8601 instant within years 1 to 9999. */
  static Optional<Instant> instant(String text) {
    try {
      return Optional.ofNullable(text).map(Instant::parse).filter(i -> !i.isBefore(EARLIEST) && !i.isAfter(LATEST));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static Optional<Integer> integer(String text) {
    try {
      return Optional.of(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
