package io.tally.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;

/** Cores, memory, JDK and load of the machine the run is on, for the results header. */
public record MachineDescription(int cores, long memoryGiB, String jdk, String vm, double loadAverage) {

  private static final long GIB = 1024L * 1024 * 1024;

  public static MachineDescription current() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    long memory = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() / GIB : -1;
    return new MachineDescription(Runtime.getRuntime().availableProcessors(), memory,
        System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"), os.getSystemLoadAverage());
  }

  public String markdown() {
    return String.format(Locale.ROOT, "Machine: %d cores, %d GiB RAM, JDK %s (%s), load average %.1f at start; "
        + "benchmark JVM max heap %d MiB.", cores, memoryGiB, jdk, vm, loadAverage,
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }
}
