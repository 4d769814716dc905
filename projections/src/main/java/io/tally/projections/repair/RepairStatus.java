package io.tally.projections.repair;

/** Where a repair stands. */
public enum RepairStatus {
  /** The view rows were rebuilt from the journal. */
  APPLIED,
  /** The rebuilt row equals the current one (already consistent, e.g. the projection caught up). */
  NO_CHANGE,
  /** Dry run: the change that would be written. */
  DRY_RUN,
  /** Waiting for POST /v1/repairs/{id}/approve (auto-repair off). */
  PROPOSED,
  /** Approved and being applied (claimed by one approval; a second approval is refused). */
  APPROVING,
  /** The write kept losing races or failed; the discrepancy stays open. */
  FAILED;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
