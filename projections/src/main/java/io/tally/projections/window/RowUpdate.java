package io.tally.projections.window;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds a row's changes (one entity's events, in seqNr order) into the row. Changes at or below
 * the row's lastSeqNr were already applied (at-least-once redelivery) and are skipped. A late
 * change restates a closed window: a new version plus a correction with before and after.
 */
public record RowUpdate(WindowView next, List<WindowCorrection> corrections, int applied, int skipped) {

  public static RowUpdate of(WindowView row, List<WindowChange> changes, Instant now) {
    WindowView next = row;
    List<WindowCorrection> corrections = new ArrayList<>();
    int applied = 0;
    int skipped = 0;
    for (WindowChange change : changes) {
      if (change.seqNr() <= next.lastSeqNr()) {
        skipped++;
        continue;
      }
      WindowValues after = change.applyTo(next.values());
      long version = change.late() ? next.version() + 1 : next.version();
      if (change.late()) {
        corrections.add(new WindowCorrection(next.entityKey(), next.windowStart(), version,
            next.values(), after, change.seqNr(), "late-event", now));
      }
      next = new WindowView(next.entityKey(), next.slice(), next.windowStart(), after, change.seqNr(),
          version, now);
      applied++;
    }
    return new RowUpdate(next, corrections, applied, skipped);
  }
}
