package io.tally.ledger.internal;

import java.math.BigDecimal;

/** Exact-decimal rules for amounts; never a binary float. */
public final class Amounts {

  private Amounts() {}

  /**
   * The amount as stored: absent is zero, and a negative scale (e.g. JSON {@code 1E+3}) becomes
   * scale 0, so the plain text form is one-to-one with the stored value.
   */
  public static BigDecimal normalize(BigDecimal amount) {
    if (amount == null) {
      return BigDecimal.ZERO;
    }
    return amount.scale() < 0 ? amount.setScale(0) : amount;
  }

  /** Text that is equal exactly when the amounts are numerically equal (10.5 and 10.50). */
  public static String numericText(BigDecimal amount) {
    return normalize(amount).stripTrailingZeros().toPlainString();
  }
}
