package io.tally.projections.repair;

import io.tally.projections.window.WindowKey;
import io.tally.projections.window.WindowView;
import java.util.Objects;
import java.util.Optional;

/**
 * The change a repair makes to one view row: from the current row to the row rebuilt from the
 * journal (empty = delete the row).
 */
public record RepairPlan(WindowKey key, int slice, Optional<WindowView> before, Optional<WindowView> after) {

  public boolean changesNothing() {
    return Objects.equals(before.map(WindowView::values), after.map(WindowView::values));
  }
}
