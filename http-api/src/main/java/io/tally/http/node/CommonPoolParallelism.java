package io.tally.http.node;

import java.util.concurrent.ForkJoinPool;

/**
 * Keeps CompletableFuture's async stages on a pool. Akka's Java API hands out CompletionStages
 * (scala-java8-compat) whose plain {@code thenApply}/{@code thenCompose} run as async stages on
 * CompletableFuture's default executor, and that executor is {@code ForkJoinPool.commonPool()}
 * only when the common pool's parallelism is at least 2 — it is cores - 1, so 1 on a 2-core
 * machine, where the JDK starts one new thread per stage instead. Profiled on 2 cores: thread
 * creation was the hottest frame of single-event HTTP ingest (BENCHMARKS.md).
 */
public final class CommonPoolParallelism {

  static final String PROPERTY = "java.util.concurrent.ForkJoinPool.common.parallelism";
  static final int MINIMUM = 2;

  private CommonPoolParallelism() {}

  /**
   * Sets the property when the user has not, before anything has created the common pool. Call
   * first thing in {@code main}: once the pool exists the setting no longer applies.
   */
  public static void ensureAtLeastTwo() {
    System.setProperty(PROPERTY,
        chosen(System.getProperty(PROPERTY), Runtime.getRuntime().availableProcessors()));
  }

  /** The operator's value when there is one; else the JVM's own choice (cores - 1), at least 2. */
  static String chosen(String configured, int cores) {
    return configured != null ? configured : Integer.toString(Math.max(MINIMUM, cores - 1));
  }

  /** Whether async stages of this JVM run on the common pool (false: one thread per stage). */
  static boolean isPooled() {
    return ForkJoinPool.getCommonPoolParallelism() >= MINIMUM;
  }
}
