package io.tally.http.cdc;

import java.util.Locale;
import java.util.Optional;

/**
 * What amount an update records (a table's {@code amount} option). A create and a snapshot read
 * record the row's amount in both modes, so the two differ only for {@code u}.
 */
public enum AmountMode {
  /**
   * The change of the row's amount ({@code after - before}): the entity's balance stays equal to
   * the row's current amount, whatever the number of updates. Right for a balance-carrying row,
   * and the same as {@link #VALUE} for a table of transactions, whose rows are only inserted;
   * hence the default. Needs the row's previous amount ({@code before}).
   */
  DELTA,
  /**
   * The row's amount as it is after the change, recorded again at every update: each state of
   * the row is its own fact (a meter reading overwritten every period).
   */
  VALUE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<AmountMode> fromWireName(String text) {
    for (AmountMode mode : values()) {
      if (mode.wireName().equals(text)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
