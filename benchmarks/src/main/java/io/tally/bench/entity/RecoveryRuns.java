package io.tally.bench.entity;

import io.tally.ledger.LedgerSummary;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Times fresh incarnations of one entity, each from its start until it answers its state
 * (recovery complete), and checks each recovered every event. The first run warms the JIT and
 * caches, so figures give it apart from the median of the others.
 */
final class RecoveryRuns {

  /** Starts one incarnation, asks its state, stops it. */
  interface Incarnation {
    LedgerSummary recover() throws Exception;
  }

  private final long[] millis;

  private RecoveryRuns(long[] millis) {
    this.millis = millis;
  }

  static RecoveryRuns time(String key, int runs, long events, Incarnation incarnation) throws Exception {
    if (runs < 2) {
      throw new IllegalArgumentException("at least 2 runs: the first is cold");
    }
    long[] millis = new long[runs];
    for (int run = 0; run < runs; run++) {
      long start = System.nanoTime();
      LedgerSummary summary = incarnation.recover();
      millis[run] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      if (summary.lastSeqNr() != events) {
        throw new IllegalStateException(key + " recovered " + summary.lastSeqNr() + " of " + events);
      }
    }
    return new RecoveryRuns(millis);
  }

  long first() {
    return millis[0];
  }

  /** The median of every run after the first. */
  long warmMedian() {
    long[] warm = Arrays.copyOfRange(millis, 1, millis.length);
    Arrays.sort(warm);
    return warm[warm.length / 2];
  }

  String all() {
    return Arrays.toString(millis);
  }
}
