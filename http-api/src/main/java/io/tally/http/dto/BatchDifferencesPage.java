package io.tally.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A page of a statement's differences, by kind, entity and item; {@code next} is the next page's {@code after}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchDifferencesPage(List<Difference> differences, String next) {

  /**
   * One difference: its kind, entity, item (idempotency key or window start), window, the
   * statement's line (absent when the statement has no row), both sides' amount and count, the
   * field that differs and a sentence.
   */
  public record Difference(String kind, String entityKey, String item, Instant windowStart, Long line,
      BigDecimal statementAmount, BigDecimal ledgerAmount, Long statementCount, Long ledgerCount, String field,
      String detail) {}
}
