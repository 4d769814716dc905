package io.tally.http.quarantine;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code tally.quarantine} section (documented in application.conf), read once at start-up.
 *
 * @param retention how long an entry is kept (the rows' TTL)
 * @param bucket the time span of one partition; frozen once data exists
 * @param maxRawBytes the event text kept per entry; longer texts are cut with a marker
 * @param writeParallelism quarantine writes at once per request
 * @param writeTimeout bound on one entry's write; past it the answer goes without a quarantineId
 * @param pageDefault entries per page when the request gives no limit
 * @param pageMax the largest limit a request may give
 * @param scanMaxRows rows one list request reads at most (the reason and status filters are
 *     applied to rows read)
 * @param readParallelism time buckets probed at once while listing
 * @param consistency of every quarantine read and write
 * @param failureLogInterval at most one warning per interval about failed writes
 */
public record QuarantineSettings(
    Duration retention,
    Duration bucket,
    int maxRawBytes,
    int writeParallelism,
    Duration writeTimeout,
    int pageDefault,
    int pageMax,
    int scanMaxRows,
    int readParallelism,
    DefaultConsistencyLevel consistency,
    Duration failureLogInterval) {

  /** Cassandra's largest TTL (20 years). */
  static final Duration MAX_TTL = Duration.ofSeconds(630_720_000);
  /** The marker of a cut text must fit with room to spare. */
  static final int MIN_RAW_BYTES = 1024;

  public QuarantineSettings {
    if (retention.toSeconds() < 1 || retention.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("tally.quarantine.retention must be from 1s to " + MAX_TTL.toDays() + "d");
    }
    if (bucket.toMillis() < 1 || bucket.compareTo(retention) > 0) {
      throw new IllegalArgumentException("tally.quarantine.bucket must be from 1ms to the retention");
    }
    if (maxRawBytes < MIN_RAW_BYTES) {
      throw new IllegalArgumentException("tally.quarantine.max-raw-bytes must be at least " + MIN_RAW_BYTES);
    }
    if (writeParallelism < 1 || readParallelism < 1 || pageDefault < 1 || pageMax < pageDefault
        || scanMaxRows < pageMax || writeTimeout.isNegative() || writeTimeout.isZero()) {
      throw new IllegalArgumentException("tally.quarantine: parallelism, timeout and page sizes must be positive,"
          + " page-default <= page-max <= scan-max-rows");
    }
  }

  public static QuarantineSettings fromConfig(Config config) {
    Config c = config.getConfig("tally.quarantine");
    return new QuarantineSettings(
        c.getDuration("retention"),
        c.getDuration("bucket"),
        Math.toIntExact(c.getBytes("max-raw-bytes")),
        c.getInt("write-parallelism"),
        c.getDuration("write-timeout"),
        c.getInt("page-default"),
        c.getInt("page-max"),
        c.getInt("scan-max-rows"),
        c.getInt("read-parallelism"),
        DefaultConsistencyLevel.valueOf(c.getString("consistency")),
        c.getDuration("failure-log-interval"));
  }

  /** Whole seconds, as Cassandra's TTL. */
  public int retentionSeconds() {
    return Math.toIntExact(retention.toSeconds());
  }
}
