package io.tally.http;

import com.typesafe.config.Config;
import java.time.Duration;
import io.tally.http.ingest.EntityCommandLimit;

/** The {@code tally.http} section (documented in application.conf), read once at start-up. */
public record HttpSettings(
    String networkInterface,
    int port,
    Duration readinessTimeout,
    Duration shutdownHardDeadline,
    Duration retryAfter,
    Auth auth,
    Limits limits,
    Ingest ingest) {

  /** Where tokens come from; see {@link ApiTokens} for the format. */
  public record Auth(String tokens, boolean generateDevToken) {}

  /** Bounds on what one request may carry; checked before any parsing or work. */
  public record Limits(
      long maxBodyBytes,
      int maxBatchEvents,
      int maxNdjsonLineBytes,
      long maxNdjsonEvents,
      int maxNestingDepth,
      int maxStringLength,
      int maxNumberLength,
      Duration bodyReadTimeout,
      int maxEventsPage,
      long maxReplayEvents,
      int maxConcurrentReplays,
      int maxConcurrentAuditStreams,
      Duration auditStreamIdleTimeout) {}

  /** How ingestion spreads work (per request) and what one node admits at once. */
  public record Ingest(
      int entityParallelism,
      int maxInFlightRequests,
      int maxInFlightStreams,
      double maxInFlightBodyHeapShare,
      EntityCommandLimit.Settings entityCommands,
      int ndjsonChunkEvents,
      long ndjsonChunkBytes,
      Duration ndjsonChunkWindow,
      Duration ndjsonIdleTimeout,
      Duration ndjsonMaxDuration) {}

  public static HttpSettings fromConfig(Config config) {
    Config http = config.getConfig("tally.http");
    Config auth = http.getConfig("auth");
    Config limits = http.getConfig("limits");
    Config ingest = http.getConfig("ingest");
    return new HttpSettings(
        http.getString("interface"),
        http.getInt("port"),
        http.getDuration("readiness-timeout"),
        http.getDuration("shutdown-hard-deadline"),
        http.getDuration("retry-after"),
        new Auth(auth.getString("tokens"), auth.getBoolean("generate-dev-token")),
        new Limits(
            limits.getBytes("max-body-size"),
            limits.getInt("max-batch-events"),
            limits.getBytes("max-ndjson-line-size").intValue(),
            limits.getLong("max-ndjson-events"),
            limits.getInt("max-nesting-depth"),
            limits.getInt("max-string-length"),
            limits.getInt("max-number-length"),
            limits.getDuration("body-read-timeout"),
            limits.getInt("max-events-page"),
            limits.getLong("max-replay-events"),
            limits.getInt("max-concurrent-replays"),
            limits.getInt("max-concurrent-audit-streams"),
            limits.getDuration("audit-stream-idle-timeout")),
        new Ingest(
            ingest.getInt("entity-parallelism"),
            ingest.getInt("max-in-flight-requests"),
            ingest.getInt("max-in-flight-streams"),
            ingest.getDouble("max-in-flight-body-heap-share"),
            new EntityCommandLimit.Settings(
                ingest.getInt("entity-commands.min"),
                ingest.getInt("entity-commands.max"),
                ingest.getInt("entity-commands.initial"),
                ingest.getDuration("entity-commands.latency-target"),
                ingest.getDouble("entity-commands.backoff-ratio")),
            ingest.getInt("ndjson-chunk-events"),
            ingest.getBytes("ndjson-chunk-size"),
            ingest.getDuration("ndjson-chunk-window"),
            ingest.getDuration("ndjson-idle-timeout"),
            ingest.getDuration("ndjson-max-duration")));
  }
}
