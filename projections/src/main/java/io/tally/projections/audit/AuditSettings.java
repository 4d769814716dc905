package io.tally.projections.audit;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code tally.audit} section as typed values (defaults and meaning in this module's
 * reference.conf), read once at start-up.
 */
public record AuditSettings(
    int entityParallelism,
    int replayChunkSize,
    int maxFindings,
    int maxFindingsPerEntity,
    Duration progressInterval,
    boolean compareSnapshots,
    boolean compareLiveActors,
    boolean compareViews,
    boolean compareReconciledPeriods,
    int checkpointsPage,
    int maxReconciliationCheckpoints,
    Duration checkpointTimeout,
    int maxRetainedRuns,
    int maxConcurrentRuns) {

  public static final String SECTION = "tally.audit";

  public AuditSettings {
    atLeastOne(entityParallelism, "entity-parallelism");
    atLeastOne(replayChunkSize, "replay-chunk-size");
    atLeastOne(maxFindings, "max-findings");
    atLeastOne(maxFindingsPerEntity, "max-findings-per-entity");
    atLeastOne(maxRetainedRuns, "runs.max-retained");
    atLeastOne(maxConcurrentRuns, "runs.max-concurrent");
    atLeastOne(checkpointsPage, "reconciliation-checkpoints-page");
    atLeastOne(maxReconciliationCheckpoints, "max-reconciliation-checkpoints");
    if (progressInterval.isNegative() || progressInterval.isZero()
        || checkpointTimeout.isNegative() || checkpointTimeout.isZero()) {
      throw new IllegalArgumentException(SECTION + " durations must be positive");
    }
  }

  /** Reads {@code tally.audit} from a full config. */
  public static AuditSettings create(Config config) {
    Config c = config.getConfig(SECTION);
    return new AuditSettings(
        c.getInt("entity-parallelism"),
        c.getInt("replay-chunk-size"),
        c.getInt("max-findings"),
        c.getInt("max-findings-per-entity"),
        c.getDuration("progress-interval"),
        c.getBoolean("compare-snapshots"),
        c.getBoolean("compare-live-actors"),
        c.getBoolean("compare-views"),
        c.getBoolean("compare-reconciled-periods"),
        c.getInt("reconciliation-checkpoints-page"),
        c.getInt("max-reconciliation-checkpoints"),
        c.getDuration("checkpoint-timeout"),
        c.getInt("runs.max-retained"),
        c.getInt("runs.max-concurrent"));
  }

  private static void atLeastOne(int value, String key) {
    if (value < 1) {
      throw new IllegalArgumentException(SECTION + "." + key + " must be at least 1");
    }
  }
}
