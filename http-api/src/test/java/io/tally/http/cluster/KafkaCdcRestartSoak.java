package io.tally.http.cluster;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.cluster.testing.Eventually;
import io.tally.cluster.testing.SharedKafka;
import io.tally.http.cdc.AccountsChangeLog;
import io.tally.http.cdc.AccountsChangeLog.Row;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.After;
import org.junit.Test;

/**
 * The Kafka change source through a crash, at volume (on demand, not part of {@code mvn verify}:
 * about ten minutes; {@code -Psoak}, see docs/cdc.md). A Tally node in its own process consumes
 * 100,000 Debezium records over 4 partitions (creates, updates, deletes, Kafka tombstones, every
 * 20th change delivered twice); it is SIGKILLed mid-stream, the rest of the topic is produced while
 * it is down, and it is started again: it goes on from its committed offsets, so what it had taken
 * but not committed is delivered again. Then the group's offsets are rewound to 0 (a replay) and the
 * node consumes everything once more. After each step every change is in the journal exactly once
 * (each entity's last sequence number is its row's number of changes) and every entity's state is
 * its row's final state.
 *
 * <p>{@code -Dtally.soak.cdc.messages=N} sets about how many records are produced.
 */
public class KafkaCdcRestartSoak {

  private static final int DEFAULT_MESSAGES = 100_000;
  private static final int PARTITIONS = 4;
  private static final int ROWS = 2_000;
  private static final int DELETE_EVERY = 10;
  private static final int REDELIVER_EVERY = 20;
  /** Produced before the node starts; the rest while it is down after the kill. */
  private static final double FIRST_PART = 0.6;
  /** The node is killed once this share of the first part is committed. */
  private static final double KILL_AT = 0.4;
  private static final Duration DEADLINE =
      Duration.ofMinutes(Long.getLong("tally.soak.cdc.deadline-minutes", 30));
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final long ADMIN_TIMEOUT_SECONDS = 30;
  /** Entities read at once when states are compared. */
  private static final int READ_BATCH = 50;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String topic = "soak-cdc-" + run;
  private final String group = "tally-soak-" + run;
  private final String prefix = "s" + run + "/";
  private final AccountsChangeLog table = new AccountsChangeLog(topic, Instant.now().minusSeconds(60).toEpochMilli());
  private LocalTallyCluster cluster;

  @After
  public void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  public void aKilledNodeRestartsFromItsOffsetsAndEveryChangeIsInTheJournalOnce() throws Exception {
    int messages = Integer.getInteger("tally.soak.cdc.messages", DEFAULT_MESSAGES);
    String bootstrap = SharedKafka.bootstrapServers();
    AccountsChangeLog.History history =
        table.history(messages, ROWS, DELETE_EVERY, REDELIVER_EVERY, new Random(run.hashCode()));
    List<ProducerRecord<byte[], byte[]>> records = history.records();
    int firstPart = (int) (records.size() * FIRST_PART);

    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        KafkaProducer<byte[], byte[]> producer = AccountsChangeLog.producer(bootstrap)) {
      admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all()
          .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      long started = System.nanoTime();
      produce(producer, records.subList(0, firstPart));
      System.out.printf("KafkaCdcRestartSoak: %d of %d records produced in %d ms%n", firstPart, records.size(),
          elapsedMillis(started));

      cluster = LocalTallyCluster.start(KafkaCdcRestartSoak.class, 1, List.of(
          "tally.cdc.kafka.bootstrap-servers = \"" + bootstrap + "\"",
          "tally.cdc.kafka.topics = [\"" + topic + "\"]",
          "tally.cdc.kafka.group-id = \"" + group + "\"",
          // The killed consumer's partitions are given to its successor once its session expires.
          "tally.cdc.kafka.kafka-clients { \"session.timeout.ms\" = 10000 }",
          AccountsChangeLog.mapping(prefix)));
      NodeProcess node = cluster.node(1);
      cluster.awaitReady(node);
      long consuming = System.nanoTime();
      long killAt = (long) (firstPart * KILL_AT);
      Eventually.within(DEADLINE, POLL, killAt + " records committed", () -> {
        long committed = committed(admin);
        if (committed < killAt) {
          throw new AssertionError(committed + " committed");
        }
        return committed;
      });
      node.kill(LocalTallyCluster.STOP_TIMEOUT);
      System.out.printf("KafkaCdcRestartSoak: killed after %d ms with %d records committed%n",
          elapsedMillis(consuming), committed(admin));

      produce(producer, records.subList(firstPart, records.size()));
      node.start();
      cluster.awaitReady(node);
      awaitAllCommitted(admin);
      System.out.printf("KafkaCdcRestartSoak: all %d records consumed %d ms after the first start%n",
          records.size(), elapsedMillis(consuming));
      assertStates(node, history.rows());

      // A replay: the group rewound to the start of every partition while the node is stopped.
      node.terminate(LocalTallyCluster.STOP_TIMEOUT);
      Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        start.put(new TopicPartition(topic, p), new OffsetAndMetadata(0));
      }
      admin.alterConsumerGroupOffsets(group, start).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      long replaying = System.nanoTime();
      node.start();
      cluster.awaitReady(node);
      awaitAllCommitted(admin);
      System.out.printf("KafkaCdcRestartSoak: replay of %d records in %d ms%n", records.size(),
          elapsedMillis(replaying));
      assertStates(node, history.rows());
    }
  }

  private static void produce(KafkaProducer<byte[], byte[]> producer, List<ProducerRecord<byte[], byte[]>> part) {
    part.forEach(producer::send);
    producer.flush();
  }

  /** Offsets the group committed, summed over the topic's partitions. */
  private long committed(Admin admin) throws Exception {
    return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
        .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).values().stream()
        .filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
  }

  private void awaitAllCommitted(Admin admin) {
    Eventually.within(DEADLINE, POLL, "every record of " + topic + " committed", () -> {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      long end = admin.listOffsets(latest).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).values().stream()
          .mapToLong(o -> o.offset()).sum();
      long committed = committed(admin);
      if (committed < end) {
        throw new AssertionError(committed + " of " + end + " committed");
      }
      return committed;
    });
  }

  /** Every entity holds each of its row's changes once and ends as the row ended. */
  private void assertStates(NodeProcess node, Map<Long, Row> rows) {
    List<Row> all = new ArrayList<>(rows.values());
    for (int from = 0; from < all.size(); from += READ_BATCH) {
      List<Row> batch = all.subList(from, Math.min(all.size(), from + READ_BATCH));
      List<TallyHttp.Answer> answers = cluster.http().getAll(batch.stream()
          .map(row -> node.httpBase() + "/v1/entities/" + URLEncoder.encode(prefix + row.id, StandardCharsets.UTF_8))
          .toList());
      for (int i = 0; i < batch.size(); i++) {
        Row row = batch.get(i);
        JsonNode state = answers.get(i).body();
        assertEquals(state.toString(), 200, answers.get(i).status());
        assertEquals("events of row " + row.id + ": " + state, row.changes, state.get("lastSeqNr").asLong());
        assertEquals(state.toString(), row.deleted, state.get("deleted").asBoolean());
        if (!row.deleted) {
          assertEquals(state.toString(), 0, row.amount.compareTo(new BigDecimal(state.get("balance").asText())));
        }
      }
    }
  }

  private static long elapsedMillis(long since) {
    return Duration.ofNanos(System.nanoTime() - since).toMillis();
  }
}
