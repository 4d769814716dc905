package io.tally.projections;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code tally.projections} section as typed values, built once at startup and passed down.
 * Defaults and their meaning are in this module's {@code reference.conf}.
 */
public record ProjectionSettings(
    String keyspace,
    boolean tablesAutocreate,
    String cqlProfile,
    String windowViewsName,
    int groupAfterEnvelopes,
    Duration groupAfterDuration,
    Backoff restartBackoff,
    Recovery recovery,
    Writer writer,
    int writeAttempts,
    Duration driftInterval,
    Duration driftLookback,
    Duration settleTime,
    Duration recheckDelay,
    Duration activityBucket,
    int activityRememberedEntities,
    int entityParallelism,
    boolean autoRepair,
    Duration runTimeout,
    int maxQueryWindows,
    int maxRecords) {

  public static final String SECTION = "tally.projections";

  public record Backoff(Duration min, Duration max, double randomFactor, int maxRestarts) {}

  /**
   * The slice writer: batch chunking, what it holds in memory, gap filling, and the bound on one
   * repair sent to it.
   */
  public record Writer(int batchMaxRows, long batchMaxBytes, int openWindows, int openRows, int trackedEntities,
      int firstSightLookback, int maxGapEvents, int gapReadParallelism, Duration repairTimeout) {

    public Writer {
      if (batchMaxRows < 1 || batchMaxBytes < 1 || openWindows < 1 || openRows < 1 || trackedEntities < 1
          || firstSightLookback < 0 || maxGapEvents < 0 || gapReadParallelism < 1) {
        throw new IllegalArgumentException("tally.projections.window-views.writer values must be positive");
      }
    }
  }

  /** Handler recovery: {@code retryAndFail} with retries and delay, or {@code fail}. */
  public record Recovery(boolean retry, int retries, Duration retryDelay) {}

  public ProjectionSettings {
    if (!keyspace.matches("[a-zA-Z][a-zA-Z0-9_]{0,47}")) {
      throw new IllegalArgumentException("tally.projections.keyspace is not a valid keyspace name");
    }
    if (groupAfterEnvelopes < 1 || writeAttempts < 1 || entityParallelism < 1 || maxQueryWindows < 1
        || maxRecords < 1 || activityRememberedEntities < 1 || activityBucket.toMillis() < 1) {
      throw new IllegalArgumentException("tally.projections counts must be at least 1");
    }
  }

  public static ProjectionSettings create(Config config) {
    Config c = config.getConfig(SECTION);
    Config views = c.getConfig("window-views");
    Config drift = c.getConfig("drift");
    String strategy = views.getString("recovery.strategy");
    if (!strategy.equals("retry-and-fail") && !strategy.equals("fail")) {
      throw new IllegalArgumentException(
          "tally.projections.window-views.recovery.strategy must be retry-and-fail or fail");
    }
    return new ProjectionSettings(
        c.getString("keyspace"),
        c.getBoolean("tables-autocreate"),
        c.getString("cql-profile"),
        views.getString("name"),
        views.getInt("group-after-envelopes"),
        views.getDuration("group-after-duration"),
        new Backoff(views.getDuration("restart-backoff.min"), views.getDuration("restart-backoff.max"),
            views.getDouble("restart-backoff.random-factor"), views.getInt("restart-backoff.max-restarts")),
        new Recovery(strategy.equals("retry-and-fail"), views.getInt("recovery.retries"),
            views.getDuration("recovery.retry-delay")),
        new Writer(views.getInt("writer.batch-max-rows"), views.getBytes("writer.batch-max-bytes"),
            views.getInt("writer.open-windows"), views.getInt("writer.open-rows"),
            views.getInt("writer.tracked-entities"), views.getInt("writer.first-sight-lookback"),
            views.getInt("writer.max-gap-events"), views.getInt("writer.gap-read-parallelism"),
            views.getDuration("writer.repair-timeout")),
        views.getInt("write-attempts"),
        drift.getDuration("interval"),
        drift.getDuration("lookback"),
        drift.getDuration("settle-time"),
        drift.getDuration("recheck-delay"),
        drift.getDuration("activity.bucket"),
        drift.getInt("activity.remembered-entities"),
        drift.getInt("entity-parallelism"),
        drift.getBoolean("auto-repair"),
        drift.getDuration("run-timeout"),
        c.getInt("query.max-windows"),
        c.getInt("query.max-records"));
  }
}
