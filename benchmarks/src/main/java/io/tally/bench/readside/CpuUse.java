package io.tally.bench.readside;

import io.tally.bench.ProcessCpu;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The cores this JVM and the Cassandra node used over an interval (process CPU time / wall time),
 * to tell whether a figure was bound by CPU and by whose.
 */
final class CpuUse {

  private final long cassandraPid;
  private final long wallStart;
  private final long jvmStart;
  private final long cassandraStart;

  private CpuUse(long cassandraPid) {
    this.cassandraPid = cassandraPid;
    this.wallStart = System.nanoTime();
    this.jvmStart = ProcessCpu.thisJvmNanos();
    this.cassandraStart = cassandraCpu(cassandraPid);
  }

  static CpuUse start(long cassandraPid) {
    return new CpuUse(cassandraPid);
  }

  /** "JVM 0.9 cores, Cassandra 1.0 cores, load average 3.2" since the start. */
  String since() {
    double wall = System.nanoTime() - wallStart;
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return String.format(Locale.ROOT, "JVM %.1f cores, Cassandra %.1f cores, load average %.1f",
        (ProcessCpu.thisJvmNanos() - jvmStart) / wall, (cassandraCpu(cassandraPid) - cassandraStart) / wall, load);
  }

  private static long cassandraCpu(long pid) {
    return ProcessCpu.ofProcessNanos(pid).orElse(0L);
  }
}
