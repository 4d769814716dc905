package io.tally.projections.drift;

/** What kind of divergence between the write side and the window views. */
public enum DiscrepancyKind {
  /** The entity has the window; the views have no row. */
  MISSING,
  /** The views have a row the entity does not have. */
  EXTRA,
  /** Both have it, with different values. */
  MISMATCH;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
