package io.tally.bench.entity;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Used heap after full collections, repeated until the figure stops moving (bounded). */
public final class HeapUsage {

  private static final int MAX_GC_ROUNDS = 10;
  private static final long STABLE_WITHIN_BYTES = 64 * 1024;

  private HeapUsage() {}

  public static long afterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long previous = Long.MAX_VALUE;
    for (int round = 0; round < MAX_GC_ROUNDS; round++) {
      memory.gc();
      long used = memory.getHeapMemoryUsage().getUsed();
      if (Math.abs(previous - used) < STABLE_WITHIN_BYTES) {
        return used;
      }
      previous = used;
    }
    return previous;
  }
}
