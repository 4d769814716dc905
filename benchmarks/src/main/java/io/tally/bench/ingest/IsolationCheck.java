package io.tally.bench.ingest;

import java.time.Duration;
import java.util.Locale;

/**
 * What was checked of Tally's own background work around one cell: before it, whether the
 * projection had applied every event Tally had accepted ({@code lagEvents} still to apply) and
 * had been quiet; whether the drift detector's periodic runs are off, and how many runs finished
 * during the cell; for a baseline cell, how many events the projection applied during it (none
 * expected: the baseline's load then had the node to itself).
 */
public record IsolationCheck(String section, String cell, String writer, boolean baseline, boolean caughtUp,
    long lagEvents, long applied, Duration waited, boolean detectorPeriodic, long detectorRunsDuringCell,
    long appliedDuringCell) {

  /** Every condition held. */
  public boolean isolated() {
    return caughtUp && !detectorPeriodic && detectorRunsDuringCell == 0 && (!baseline || appliedDuringCell == 0);
  }

  /** One line for the console: what held before and during the cell. */
  public String text() {
    String projection = caughtUp
        ? String.format(Locale.ROOT, "projection caught up: lag %,d events (%,d applied, waited %.1f s)", lagEvents,
            applied, waited.toMillis() / 1000.0)
        : String.format(Locale.ROOT, "PROJECTION NOT CAUGHT UP: lag %,d events after %.0f s", lagEvents,
            waited.toMillis() / 1000.0);
    String detector = detectorPeriodic ? "DETECTOR PERIODIC RUNS ON"
        : detectorRunsDuringCell == 0 ? "detector idle" : "DETECTOR RAN " + detectorRunsDuringCell + "×";
    String during = baseline ? String.format(Locale.ROOT, " / %,d events applied during the cell", appliedDuringCell)
        : "";
    return projection + " / " + detector + during;
  }
}
