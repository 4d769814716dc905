package io.tally.http.cdc;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import io.tally.http.ingest.PacedIngestion;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code tally.cdc.kafka} section (documented in application.conf and docs/cdc.md): where the
 * Debezium topics are and how their records are taken to the ledger. Off unless {@code
 * bootstrap-servers} is set; then every node consumes in one consumer group.
 *
 * @param bootstrapServers the brokers ({@code host:port,...}); empty: no Kafka source
 * @param topics the topics Debezium writes the captured tables' changes to
 * @param groupId the consumer group of every node, so that the partitions are shared among them
 * @param source the name the source ingests under: the events' source when neither the table nor
 *     {@code tally.cdc.default-source} names one, and the caller quarantined refusals name
 * @param kafkaClients Kafka consumer properties over {@code akka.kafka.consumer.kafka-clients}
 * @param maxBatchRecords records of one partition sent to the ledger at once: at most this many
 *     of a partition are in flight
 * @param maxBatchWait how long a partition's batch waits to fill before it goes
 * @param maxPartitions partitions one node processes at once
 * @param commitMaxBatch offsets committed together at most
 * @param commitMaxInterval the longest an acknowledged offset waits for its commit
 * @param pacing how the ledger's admission and {@code unavailable} answers are waited for
 * @param restartMinBackoff the first wait before the consumer starts again after a failure
 * @param restartMaxBackoff the longest such wait (it doubles up to here)
 * @param restartRandomFactor jitter added to the backoff
 * @param lagInterval how often the consumer's lag per partition is read into the metrics
 * @param drainTimeout how long shutdown waits for in-flight records to be acknowledged and
 *     committed before it stops the stream anyway (the rest are consumed again)
 */
public record KafkaSourceSettings(
    String bootstrapServers,
    List<String> topics,
    String groupId,
    String source,
    Map<String, String> kafkaClients,
    int maxBatchRecords,
    Duration maxBatchWait,
    int maxPartitions,
    int commitMaxBatch,
    Duration commitMaxInterval,
    PacedIngestion.Pacing pacing,
    Duration restartMinBackoff,
    Duration restartMaxBackoff,
    double restartRandomFactor,
    Duration lagInterval,
    Duration drainTimeout) {

  public KafkaSourceSettings {
    topics = List.copyOf(topics);
    kafkaClients = Map.copyOf(kafkaClients);
    if (enabled(bootstrapServers) && topics.isEmpty()) {
      throw new IllegalArgumentException("tally.cdc.kafka.topics: name the topics to consume when "
          + "bootstrap-servers is set");
    }
    if (maxBatchRecords < 1 || maxPartitions < 1 || commitMaxBatch < 1) {
      throw new IllegalArgumentException("tally.cdc.kafka: max-batch-records, max-partitions and "
          + "commit.max-batch must be positive");
    }
    if (restartMaxBackoff.compareTo(restartMinBackoff) < 0) {
      throw new IllegalArgumentException("tally.cdc.kafka.restart: max-backoff is shorter than min-backoff");
    }
  }

  /** Whether this node consumes at all: bootstrap-servers is set. */
  public boolean enabled() {
    return enabled(bootstrapServers);
  }

  private static boolean enabled(String bootstrapServers) {
    return !bootstrapServers.isBlank();
  }

  public static KafkaSourceSettings fromConfig(Config config) {
    Config c = config.getConfig("tally.cdc.kafka");
    Map<String, String> clients = new LinkedHashMap<>();
    Config passthrough = c.getConfig("kafka-clients");
    for (Map.Entry<String, ConfigValue> e : passthrough.entrySet()) {
      // Quoted ("auto.offset.reset") or nested (auto.offset.reset): Kafka's dotted name either way.
      clients.put(String.join(".", ConfigUtil.splitPath(e.getKey())), String.valueOf(e.getValue().unwrapped()));
    }
    Config restart = c.getConfig("restart");
    Config commit = c.getConfig("commit");
    return new KafkaSourceSettings(
        c.getString("bootstrap-servers"),
        c.getStringList("topics"),
        c.getString("group-id"),
        c.getString("source"),
        clients,
        c.getInt("max-batch-records"),
        c.getDuration("max-batch-wait"),
        c.getInt("max-partitions"),
        commit.getInt("max-batch"),
        commit.getDuration("max-interval"),
        new PacedIngestion.Pacing(c.getDuration("admission-retry"), c.getDuration("admission-timeout"),
            c.getInt("unavailable-retries"), c.getDuration("unavailable-backoff")),
        restart.getDuration("min-backoff"),
        restart.getDuration("max-backoff"),
        restart.getDouble("random-factor"),
        c.getDuration("lag-interval"),
        c.getDuration("drain-timeout"));
  }
}
