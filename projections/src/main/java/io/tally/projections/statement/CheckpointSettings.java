package io.tally.projections.statement;

import com.typesafe.config.Config;

/**
 * How {@link CassandraCheckpointStore} writes windows ({@code
 * tally.projections.reconciliation-checkpoints}; defaults and meaning in this module's
 * reference.conf).
 *
 * @param writeParallelism single-partition batches of one {@code saveWindows} call in flight at once
 * @param batchMaxRows most rows of one entity in one unlogged batch
 * @param batchMaxBytes most (estimated) bytes of one unlogged batch
 */
public record CheckpointSettings(int writeParallelism, int batchMaxRows, long batchMaxBytes) {

  public static final String SECTION = "tally.projections.reconciliation-checkpoints";

  public CheckpointSettings {
    if (writeParallelism < 1 || batchMaxRows < 1 || batchMaxBytes < 1) {
      throw new IllegalArgumentException(SECTION + " values must be at least 1");
    }
  }

  /** Reads the section from a full config. */
  public static CheckpointSettings create(Config config) {
    Config c = config.getConfig(SECTION);
    return new CheckpointSettings(c.getInt("write-parallelism"), c.getInt("batch-max-rows"),
        c.getBytes("batch-max-bytes"));
  }
}
