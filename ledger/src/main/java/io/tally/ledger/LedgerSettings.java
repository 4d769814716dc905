package io.tally.ledger;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code tally.ledger} section as typed values, built once at startup and passed down.
 * Defaults and their meaning are in this module's {@code reference.conf}.
 */
public record LedgerSettings(
    Duration windowSize,
    Duration allowedLateness,
    Duration maxLateness,
    LatePolicy latePolicy,
    Duration maxFutureSkew,
    int slices,
    Map<String, String> attributeOwners,
    int snapshotEvery,
    int snapshotsToKeep,
    int windowRetention,
    int attributeHistory,
    int maxAttributesPerEntity,
    int maxPendingRetractions,
    int maxSequencedSources,
    int maxTrackedGaps,
    int maxBatchSize,
    long maxBatchBytes,
    Duration askTimeout,
    Backoff persistFailureBackoff,
    ContractLimits contract) {

  public static final String SECTION = "tally.ledger";

  /** Restart-with-backoff parameters for journal write failures. */
  public record Backoff(Duration min, Duration max, double randomFactor) {}

  /** The limits of the v1 event contract (docs/ledger.md). */
  public record ContractLimits(
      int entityKeyMaxLength,
      int idempotencyKeyMaxLength,
      int sourceMaxLength,
      int amountMaxPrecision,
      int amountMaxScale,
      int maxAttributes,
      int attributeNameMaxLength,
      int attributeValueMaxLength,
      Set<Integer> supportedSchemaVersions) {

    public ContractLimits {
      supportedSchemaVersions = Set.copyOf(supportedSchemaVersions);
    }
  }

  public LedgerSettings {
    attributeOwners = Map.copyOf(attributeOwners);
    requirePositive(windowSize, "window-size");
    if (windowSize.toNanos() % Duration.ofMillis(1).toNanos() != 0) {
      throw new IllegalArgumentException("tally.ledger.window-size must be whole milliseconds");
    }
    requireNotNegative(allowedLateness, "allowed-lateness");
    if (maxLateness.compareTo(allowedLateness) < 0) {
      throw new IllegalArgumentException("tally.ledger.max-lateness must be >= allowed-lateness");
    }
    requireNotNegative(maxFutureSkew, "max-future-skew");
    requirePositive(askTimeout, "ask-timeout");
    requireAtLeastOne(slices, "slices");
    requireAtLeastOne(snapshotEvery, "snapshot-every");
    requireAtLeastOne(snapshotsToKeep, "snapshots-to-keep");
    requireAtLeastOne(windowRetention, "window-retention");
    requireAtLeastOne(attributeHistory, "attribute-history");
    requireAtLeastOne(maxAttributesPerEntity, "max-attributes-per-entity");
    requireAtLeastOne(maxPendingRetractions, "max-pending-retractions");
    requireAtLeastOne(maxTrackedGaps, "producer-sequence.max-tracked-gaps");
    requireAtLeastOne(maxBatchSize, "max-batch-size");
    if (maxBatchBytes < 1) {
      throw new IllegalArgumentException("tally.ledger.max-batch-bytes must be at least 1 byte");
    }
  }

  /** Reads {@code tally.ledger} from a full config, e.g. {@code system.settings().config()}. */
  public static LedgerSettings create(Config config) {
    Config c = config.getConfig(SECTION);
    return new LedgerSettings(
        c.getDuration("window-size"),
        c.getDuration("allowed-lateness"),
        c.getDuration("max-lateness"),
        LatePolicy.fromConfig(c.getString("late-policy")),
        c.getDuration("max-future-skew"),
        c.getInt("slices"),
        owners(c),
        c.getInt("snapshot-every"),
        c.getInt("snapshots-to-keep"),
        c.getInt("window-retention"),
        c.getInt("attribute-history"),
        c.getInt("max-attributes-per-entity"),
        c.getInt("max-pending-retractions"),
        c.getInt("producer-sequence.max-sources"),
        c.getInt("producer-sequence.max-tracked-gaps"),
        c.getInt("max-batch-size"),
        c.getBytes("max-batch-bytes"),
        c.getDuration("ask-timeout"),
        new Backoff(
            c.getDuration("persist-failure-backoff.min"),
            c.getDuration("persist-failure-backoff.max"),
            c.getDouble("persist-failure-backoff.random-factor")),
        contractLimits(c.getConfig("contract")));
  }

  /** The owning source of an attribute, or null when nobody owns it. */
  public String ownerOf(String attribute) {
    return attributeOwners.get(attribute);
  }

  // Read from the object's top level so quoted names containing dots stay one attribute name.
  private static Map<String, String> owners(Config c) {
    Map<String, String> owners = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : c.getObject("attribute-owners").entrySet()) {
      if (e.getValue().valueType() != ConfigValueType.STRING) {
        throw new IllegalArgumentException(
            "tally.ledger.attribute-owners." + e.getKey()
                + " must be a source name (quote attribute names that contain dots)");
      }
      owners.put(e.getKey(), (String) e.getValue().unwrapped());
    }
    return owners;
  }

  private static ContractLimits contractLimits(Config c) {
    return new ContractLimits(
        c.getInt("entity-key-max-length"),
        c.getInt("idempotency-key-max-length"),
        c.getInt("source-max-length"),
        c.getInt("amount-max-precision"),
        c.getInt("amount-max-scale"),
        c.getInt("max-attributes"),
        c.getInt("attribute-name-max-length"),
        c.getInt("attribute-value-max-length"),
        Set.copyOf(c.getIntList("supported-schema-versions")));
  }

  private static void requirePositive(Duration d, String key) {
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException("tally.ledger." + key + " must be positive");
    }
  }

  private static void requireNotNegative(Duration d, String key) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("tally.ledger." + key + " must not be negative");
    }
  }

  private static void requireAtLeastOne(int value, String key) {
    if (value < 1) {
      throw new IllegalArgumentException("tally.ledger." + key + " must be at least 1");
    }
  }
}
