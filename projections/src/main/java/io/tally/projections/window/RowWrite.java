package io.tally.projections.window;

import java.util.List;
import java.util.Optional;

/**
 * A conditional row change: applied only if the stored row still has {@code expectedLastSeqNr}
 * (0 = the row must not exist). This compare-and-set is what keeps the projection handler and a
 * repair from overwriting each other (docs/reconciliation.md).
 *
 * @param next the new row, or empty to delete the row
 * @param corrections the restatements recorded with it (written first, idempotently keyed by
 *     entity, window and version, so a retry rewrites the same rows)
 */
public record RowWrite(
    WindowKey key, int slice, long expectedLastSeqNr, Optional<WindowView> next,
    List<WindowCorrection> corrections) {

  public RowWrite {
    corrections = List.copyOf(corrections);
  }
}
