package io.tally.bench.ingest;

import io.tally.bench.load.LoadCell;
import io.tally.bench.load.LoadResult;
import java.time.Duration;

/**
 * One writer in the load cells: Tally over HTTP (from the load-client JVM), or an in-process
 * writer (Tally without HTTP, the raw driver, plain Akka).
 */
public interface Contender {

  /** Short name for the tables. */
  String name();

  /** Whether its events go through Tally's ledger (and so to Tally's projection); else a baseline. */
  boolean tally();

  /**
   * Runs {@code cell} (an open loop at {@code rate} events/s when the cell has no concurrency) on
   * the entities named by {@code run}, events numbered from {@code firstEvent}.
   */
  LoadResult run(LoadCell cell, double rate, Duration warmUp, Duration measured, String run, long firstEvent)
      throws InterruptedException;
}
