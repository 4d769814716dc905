package io.tally.ledger;

import java.util.Locale;

/** What the entity does with a late event ({@code tally.ledger.late-policy}). */
public enum LatePolicy {
  /** Apply it and flag it late: a correction of a closed window. */
  ACCEPT,
  /** Reply {@code Rejected} and persist nothing. */
  REJECT;

  static LatePolicy fromConfig(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "tally.ledger.late-policy must be accept or reject, was '" + value + "'", e);
    }
  }
}
