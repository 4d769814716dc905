package io.tally.http.logging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The stack-trace policy of the node's log, shared by {@link RepeatedStackTraceConverter} (traces
 * of a logged throwable) and {@link EmbeddedStackTraceConverter} (traces a library wrote into the
 * message itself): a trace is written in full the first time its signature is seen in a period;
 * a repeat, or a failure caused by one of the listed exceptions (the store unreachable), is
 * written as one line. Read from the converter's options: {@code {seconds, exception class, ...}}.
 */
final class StackTraceMemory {

  private static final long DEFAULT_PERIOD_SECONDS = 60;
  /** Distinct traces remembered; past it the least recently seen is written in full again. */
  private static final int MAX_REMEMBERED = 1024;

  private final long periodNanos;
  private final Set<String> oneLineCauses;
  private final LongSupplier nanoClock;
  private final Map<String, Long> writtenAt = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX_REMEMBERED;
    }
  };

  private StackTraceMemory(long periodSeconds, Set<String> oneLineCauses, LongSupplier nanoClock) {
    this.periodNanos = TimeUnit.SECONDS.toNanos(periodSeconds);
    this.oneLineCauses = oneLineCauses;
    this.nanoClock = nanoClock;
  }

  static StackTraceMemory of(List<String> options, LongSupplier nanoClock) {
    if (options == null || options.isEmpty()) {
      return new StackTraceMemory(DEFAULT_PERIOD_SECONDS, Set.of(), nanoClock);
    }
    return new StackTraceMemory(Long.parseLong(options.get(0).trim()),
        Set.copyOf(options.subList(1, options.size()).stream().map(String::trim).toList()), nanoClock);
  }

  boolean isOneLineCause(String exceptionClass) {
    return oneLineCauses.contains(exceptionClass);
  }

  /** True when a trace of this signature was written in full within the period (else records it now). */
  boolean seenRecently(String signature) {
    long now = nanoClock.getAsLong();
    synchronized (writtenAt) {
      Long last = writtenAt.get(signature);
      if (last != null && now - last < periodNanos) {
        return true;
      }
      writtenAt.put(signature, now);
      return false;
    }
  }
}
