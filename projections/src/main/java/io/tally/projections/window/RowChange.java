package io.tally.projections.window;

import java.util.List;
import java.util.Optional;

/**
 * One row's new content, written as a plain (unconditional) write: only the slice's single writer
 * ({@link SliceWriter}) changes its rows, so there is nothing to compare-and-set against.
 *
 * @param next the new row, or empty to delete the row
 * @param corrections the restatements this change makes; written atomically with the row (one
 *     logged batch), so a correction never describes a change that was not made. Keyed by entity,
 *     window and version, so a rewrite after a failure writes the same correction rows again.
 */
public record RowChange(WindowKey key, int slice, Optional<WindowView> next, List<WindowCorrection> corrections) {

  public RowChange {
    corrections = List.copyOf(corrections);
  }

  public static RowChange upsert(WindowView row, List<WindowCorrection> corrections) {
    return new RowChange(row.key(), row.slice(), Optional.of(row), corrections);
  }

  /** The partition the row lives in: rows of one slice and window share one. */
  public Partition partition() {
    return new Partition(slice, key.windowStart());
  }

  /** A window-view partition (slice, window start). */
  public record Partition(int slice, java.time.Instant windowStart) {}
}
