package io.tally.http.batch;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a statement's rows are: the other system's {@code records} (one row per event, with its
 * idempotency key) or its {@code totals} (one row per entity and event-time window: count and
 * amount).
 */
public enum StatementForm {
  RECORDS(ColumnMapping.EVENT_FIELDS, Set.of("entityKey", "idempotencyKey", "eventTime")),
  TOTALS(ColumnMapping.TOTAL_FIELDS, Set.of("entityKey", "windowStart", "count", "amount"));

  private final List<String> fields;
  private final Set<String> required;

  StatementForm(List<String> fields, Set<String> required) {
    this.fields = fields;
    this.required = required;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The fields a CSV column may fill in a statement of this form. */
  List<String> fields() {
    return fields;
  }

  /** The fields every row must fill. */
  Set<String> required() {
    return required;
  }

  static Optional<StatementForm> fromWireName(String name) {
    return Arrays.stream(values()).filter(f -> f.wireName().equals(name)).findFirst();
  }
}
