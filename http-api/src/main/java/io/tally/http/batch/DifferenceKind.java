package io.tally.http.batch;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a statement's row and the ledger compare, per entity and record (or window). {@code matched}
 * is only counted; the others are kept as differences.
 */
public enum DifferenceKind {
  /** Same record (or window) on both sides, same amount (and count). */
  MATCHED,
  /** The statement has it; the ledger does not count it for the source and period. */
  MISSING_IN_TALLY,
  /** The ledger has it for the source and period; the statement does not. */
  MISSING_IN_STATEMENT,
  /** Both have it, with another amount, count, window or source. */
  MISMATCH,
  /** The statement lists the same record (or window) of an entity again; the first row is compared. */
  DUPLICATE_IN_STATEMENT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean kept() {
    return this != MATCHED;
  }

  static Optional<DifferenceKind> fromWireName(String name) {
    return Arrays.stream(values()).filter(k -> k.wireName().equals(name)).findFirst();
  }
}
