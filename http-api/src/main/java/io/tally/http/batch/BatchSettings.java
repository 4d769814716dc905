package io.tally.http.batch;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.tally.http.ingest.PacedIngestion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code tally.batches} section (documented in application.conf), read once at start-up.
 *
 * @param spoolDirectory where uploaded files are kept until their batch is finished (a batch
 *     resumes from it after a restart); by default one directory per HTTP port under the
 *     temporary directory
 * @param uploadTimeout how long the upload of one file may take
 * @param takeoverAfter how long an unfinished batch must not have moved before a post of the same
 *     file on another node runs it
 * @param maxFileBytes the largest file a batch may hold
 * @param limits per line and per row
 * @param chunkRows rows ingested and checkpointed together
 * @param entityParallelism entity commands of one chunk in flight at once (within the node's
 *     entity-command admission)
 * @param maxRunning batches one node runs at once; more wait in line
 * @param maxRejectionsKept rejected rows listed per batch with their line (all are counted, and all
 *     are in the quarantine)
 * @param pageDefault rejected rows per page when the request gives no limit
 * @param pageMax the largest limit a request may give
 * @param pacing how a batch waits for the node's admission and retries unanswered rows
 * @param sources column mappings by source name
 * @param statements how statements are kept and compared
 */
public record BatchSettings(
    Path spoolDirectory,
    Duration uploadTimeout,
    Duration takeoverAfter,
    long maxFileBytes,
    Limits limits,
    int chunkRows,
    int entityParallelism,
    int maxRunning,
    int maxRejectionsKept,
    int pageDefault,
    int pageMax,
    PacedIngestion.Pacing pacing,
    Map<String, ColumnMapping> sources,
    Statements statements) {

  /**
   * The {@code statements} section.
   *
   * @param entityBuckets partitions the entities of one statement are listed over
   * @param rowsTtl how long a statement's rows are kept
   * @param writeParallelism writes in flight while rows and differences are kept
   * @param compareParallelism entities compared at once
   * @param progressEveryEntities entities between two writes of the report while comparing
   * @param maxDifferencesKept differences kept per statement (all are counted)
   * @param applyMax missing events one apply call sends, at most
   * @param rowBatchRows one entity's rows written as one single-partition batch, at most
   * @param rowBatchBytes the estimated size of such a batch, at most
   */
  public record Statements(int entityBuckets, Duration rowsTtl, int writeParallelism, int compareParallelism,
      int progressEveryEntities, int maxDifferencesKept, int applyMax, int rowBatchRows, long rowBatchBytes) {
    public Statements {
      if (entityBuckets < 1 || writeParallelism < 1 || compareParallelism < 1 || progressEveryEntities < 1
          || maxDifferencesKept < 0 || applyMax < 1 || rowsTtl.toSeconds() < 1 || rowBatchRows < 1
          || rowBatchBytes < 1) {
        throw new IllegalArgumentException("tally.batches.statements: sizes and counts must be positive");
      }
    }

    static Statements fromConfig(Config c) {
      return new Statements(c.getInt("entity-buckets"), c.getDuration("rows-ttl"), c.getInt("write-parallelism"),
          c.getInt("compare-parallelism"), c.getInt("progress-every-entities"), c.getInt("max-differences-kept"),
          c.getInt("apply-max"), c.getInt("row-batch-rows"), c.getBytes("row-batch-bytes"));
    }
  }

  /**
   * @param maxLineChars the longest line of a file (and so the longest value)
   * @param maxColumns the most columns a CSV header may have
   */
  public record Limits(int maxLineChars, int maxColumns) {}

  public BatchSettings {
    if (maxFileBytes < 1 || chunkRows < 1 || entityParallelism < 1 || maxRunning < 1 || maxRejectionsKept < 0 || pageDefault < 1
        || pageMax < pageDefault || limits.maxLineChars() < 1 || limits.maxColumns() < 1) {
      throw new IllegalArgumentException("tally.batches: sizes and counts must be positive, page-default <= page-max");
    }
    sources = Map.copyOf(sources);
  }

  public static BatchSettings fromConfig(Config config) {
    Config c = config.getConfig("tally.batches");
    Map<String, ColumnMapping> sources = new LinkedHashMap<>();
    Config configured = c.getConfig("sources");
    for (Map.Entry<String, ConfigValue> source : configured.root().entrySet()) {
      Config s = configured.getConfig(quoted(source.getKey()));
      Map<String, String> fields = new LinkedHashMap<>();
      s.getConfig("columns").root().unwrapped().forEach((field, column) -> fields.put(field, String.valueOf(column)));
      try {
        sources.put(source.getKey(), ColumnMapping.explicit(fields, list(s, "attributes"), list(s, "ignore")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("tally.batches.sources." + source.getKey() + ": " + e.getMessage(), e);
      }
    }
    String spool = c.getString("spool-directory");
    return new BatchSettings(
        spool.isEmpty()
            ? Path.of(System.getProperty("java.io.tmpdir"), "tally-batches", "http-" + config.getInt("tally.http.port"))
            : Path.of(spool),
        c.getDuration("upload-timeout"),
        c.getDuration("takeover-after"),
        c.getBytes("max-file-bytes"),
        new Limits(Math.toIntExact(c.getLong("max-line-chars")), c.getInt("max-columns")),
        c.getInt("chunk-rows"),
        c.getInt("entity-parallelism"),
        c.getInt("max-running"),
        c.getInt("max-rejections-kept"),
        c.getInt("page-default"),
        c.getInt("page-max"),
        new PacedIngestion.Pacing(c.getDuration("admission-retry"), c.getDuration("admission-timeout"),
            c.getInt("unavailable-retries"), c.getDuration("unavailable-backoff")),
        sources,
        Statements.fromConfig(c.getConfig("statements")));
  }

  private static List<String> list(Config c, String path) {
    return c.hasPath(path) ? c.getStringList(path) : List.of();
  }

  private static String quoted(String key) {
    return "\"" + key.replace("\"", "\\\"") + "\"";
  }
}
