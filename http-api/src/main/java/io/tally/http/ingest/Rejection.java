package io.tally.http.ingest;

import io.tally.http.dto.EventResult;
import io.tally.http.dto.EventStatus;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the quarantine records about a refused event: a short reason code and the field. Only
 * refusals are kept: {@code rejected} (a contract or entity rule; the code is the rule id, e.g.
 * {@code unknown-field}, {@code late}, {@code owner}, {@code malformed_json}), {@code conflict}
 * (the key was used with other content) and {@code gone} (the entity is tombstoned). Accepted and
 * duplicate events are stored; an unavailable one may be, and is retried by its producer.
 */
record Rejection(String reason, Optional<String> field) {

  /** The code of a rejection whose detail does not follow {@code field.rule: message}. */
  static final String UNCODED = "rejected";
  private static final Pattern RULE = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

  static Optional<Rejection> of(EventResult result) {
    return switch (result.status()) {
      case REJECTED -> Optional.of(
          new Rejection(ruleOf(result.detail(), result.field()), Optional.ofNullable(result.field())));
      case CONFLICT -> Optional.of(
          new Rejection(EventStatus.CONFLICT.wireName(), Optional.of(EventJsonReader.IDEMPOTENCY_KEY)));
      case GONE -> Optional.of(new Rejection(EventStatus.GONE.wireName(), Optional.empty()));
      default -> Optional.empty();
    };
  }

  /**
   * The rule id of a rejection reason {@code "<field>.<rule>: <message>"} (ContractViolation and
   * the entity's rules). The field may hold dots and anything a producer sent ({@code
   * attributes.tier}, an unknown field's name), so the rule is read after the known field, and
   * only a rule-shaped id is taken (it is a metric label).
   */
  static String ruleOf(String detail, String field) {
    if (detail == null || field == null || !detail.startsWith(field + ".")) {
      return UNCODED;
    }
    String rest = detail.substring(field.length() + 1);
    int colon = rest.indexOf(": ");
    String rule = colon < 0 ? "" : rest.substring(0, colon);
    return RULE.matcher(rule).matches() ? rule : UNCODED;
  }
}
