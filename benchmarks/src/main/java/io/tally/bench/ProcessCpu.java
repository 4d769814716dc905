package io.tally.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.OptionalLong;

/** CPU time used so far by this JVM and by another process (the benchmark's Cassandra node). */
public final class ProcessCpu {

  private ProcessCpu() {}

  /** This JVM's CPU time, in nanoseconds. */
  public static long thisJvmNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Process {@code pid}'s CPU time in nanoseconds; empty when it is not known (no such process, pid -1). */
  public static OptionalLong ofProcessNanos(long pid) {
    if (pid < 0) {
      return OptionalLong.empty();
    }
    return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration())
        .map(d -> OptionalLong.of(d.toNanos())).orElse(OptionalLong.empty());
  }
}
