package io.tally.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestProbe;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.CassandraLauncher;
import io.tally.cluster.testing.SharedKafka;
import io.tally.cluster.testing.TestPersistenceConfig;
import io.tally.http.cdc.AccountsChangeLog;
import io.tally.http.cdc.AccountsChangeLog.Row;
import io.tally.http.node.TallyNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.Rule;
import org.junit.Test;

/**
 * The Kafka change source on a real node (real Cassandra) and a real broker: a 4-partition topic
 * of Debezium envelopes (creates, updates and deletes of a few hundred rows of a balance table,
 * with Kafka tombstones, records produced twice, and a record that is not JSON) consumed into the
 * ledger; every change is in the journal once and each entity's state is its row's final state.
 * A re-created row (its creation again at the same log position, other content) is a conflict,
 * quarantined with its Kafka coordinates like the poison record.
 * Then a second node consumes the whole topic again under another consumer group (a replay from
 * offset 0): everything is a duplicate, nothing changes. The poison record is quarantined with its
 * topic, partition and offset, and the partition goes on past it.
 *
 * <p>{@code -Dtally.it.cdc-kafka.messages=N} sets about how many records are produced.
 */
public class KafkaCdcIT {

  private static final String ADMIN = "it-cdc-kafka-admin-0123456789";
  private static final String TOKENS = "operator:" + ADMIN + "=admin+read";
  private static final int PARTITIONS = 4;
  private static final int ROWS = 400;
  /** Every DELETE_EVERY-th row is deleted at the end. */
  private static final int DELETE_EVERY = 10;
  /** Every REDELIVER_EVERY-th change is produced twice. */
  private static final int REDELIVER_EVERY = 10;
  private static final int DEFAULT_MESSAGES = 20_000;
  private static final Duration CONSUMED_DEADLINE =
      Duration.ofSeconds(Long.getLong("tally.it.cdc-kafka.deadline-seconds", 300));
  private static final Duration POLL = Duration.ofMillis(500);

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String topic = "it-cdc-" + run;
  private final String prefix = "k" + run + "/";
  /** Changes made when the test runs: within the ledger's lateness and future skew. */
  private final AccountsChangeLog table = new AccountsChangeLog(topic, Instant.now().minusSeconds(60).toEpochMilli());

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  @Test
  public void everyChangeIsAppliedOnceThroughRedeliveriesReplaysAndAPoisonRecord() throws Exception {
    int messages = Integer.getInteger("tally.it.cdc-kafka.messages", DEFAULT_MESSAGES);
    String bootstrap = SharedKafka.bootstrapServers();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
    }
    AccountsChangeLog.History history =
        table.history(messages, ROWS, DELETE_EVERY, REDELIVER_EVERY, new Random(run.hashCode()));
    Map<Long, Row> rows = history.rows();
    List<ProducerRecord<byte[], byte[]>> sent = history.records();
    long produced;
    long started = System.nanoTime();
    RecordMetadata poison;
    RecordMetadata conflicting;
    try (KafkaProducer<byte[], byte[]> producer = AccountsChangeLog.producer(bootstrap)) {
      int half = sent.size() / 2;
      for (int i = 0; i < half; i++) {
        producer.send(sent.get(i));
      }
      // Not JSON, keyed like row 1: a partition with real changes after it.
      poison = producer.send(table.poison(1, "not json at all")).get();
      for (int i = half; i < sent.size(); i++) {
        producer.send(sent.get(i));
      }
      // Row 3's creation again with another balance: its idempotency key with other content, refused
      // by the ledger as a conflict (mapped, unlike the poison record) and quarantined with its coordinates.
      Row three = rows.get(3L);
      conflicting = producer.send(table.recreation(three, three.amount.add(BigDecimal.ONE))).get();
      producer.flush();
      produced = sent.size() + 2;
    }
    System.out.printf("KafkaCdcIT: produced %d records (%d rows) in %d ms%n", produced, ROWS,
        Duration.ofNanos(System.nanoTime() - started).toMillis());

    Config persistence = TestPersistenceConfig.forTest(KafkaCdcIT.class);
    long consuming = System.nanoTime();
    TallyNode node = TallyNodeIT.startReady(nodeConfig(persistence, bootstrap, "tally-cdc-" + run));
    try {
      NodeClient client = new NodeClient(node.httpAddress().getPort(), node.system());
      awaitCounted(client, node, produced);
      assertRowsApplied(client, node, rows);
      System.out.printf("KafkaCdcIT: %d records consumed and applied in %d ms%n", produced,
          Duration.ofNanos(System.nanoTime() - consuming).toMillis());
      assertCaughtUp(client, node);
      assertQuarantined(client, poison, "malformed_json", "not json at all");
      assertQuarantined(client, conflicting, "conflict", null);
    } finally {
      node.stop(Duration.ofSeconds(60));
    }

    // A replay: a second consumer group reads the topic from offset 0 on a new node.
    long replaying = System.nanoTime();
    TallyNode second = TallyNodeIT.startReady(nodeConfig(persistence, bootstrap, "tally-cdc-replay-" + run));
    try {
      NodeClient client = new NodeClient(second.httpAddress().getPort(), second.system());
      awaitCounted(client, second, produced);
      assertEquals("a replay accepts nothing", 0.0, metricSum(client, "outcome=\"accepted\""), 0.0);
      assertRowsApplied(client, second, rows);
      System.out.printf("KafkaCdcIT: replay of %d records in %d ms%n", produced,
          Duration.ofNanos(System.nanoTime() - replaying).toMillis());
    } finally {
      second.stop(Duration.ofSeconds(60));
    }
  }

  private Config nodeConfig(Config persistence, String bootstrap, String group) {
    return ConfigFactory.parseString(String.join("\n",
            "tally.http.auth.tokens = \"" + TOKENS + "\"",
            "tally.cdc.kafka.bootstrap-servers = \"" + bootstrap + "\"",
            "tally.cdc.kafka.topics = [\"" + topic + "\"]",
            "tally.cdc.kafka.group-id = \"" + group + "\"",
            "tally.cdc.kafka.lag-interval = 1s",
            AccountsChangeLog.mapping(prefix)))
        .withFallback(TallyNodeIT.nodeConfig(persistence, CassandraLauncher.freePort()));
  }

  /** Waits until the node counted at least {@code records} records (each record once per ingest). */
  private static void awaitCounted(NodeClient client, TallyNode node, long records) {
    TestProbe.create(node.system()).awaitAssert(CONSUMED_DEADLINE, POLL, () -> {
      double counted = metricSum(client, "tally_cdc_changes_total{");
      assertTrue("counted " + counted + " of " + records, counted >= records);
      return null;
    });
  }

  private void assertRowsApplied(NodeClient client, TallyNode node, Map<Long, Row> rows) {
    TestProbe.create(node.system()).awaitAssert(CONSUMED_DEADLINE, POLL, () -> {
      for (Row row : rows.values()) {
        JsonNode state = client.json(client.get(ADMIN, "/v1/entities/" + java.net.URLEncoder.encode(prefix + row.id,
            StandardCharsets.UTF_8)), 200);
        assertEquals(state.toString(), row.changes, state.get("lastSeqNr").asLong());
        assertEquals(state.toString(), row.deleted, state.get("deleted").asBoolean());
        if (!row.deleted) {
          assertEquals(state.toString(), 0, row.amount.compareTo(new BigDecimal(state.get("balance").asText())));
        }
      }
      return null;
    });
  }

  /** Every partition's consumer lag is reported, and is 0 once everything is consumed. */
  private void assertCaughtUp(NodeClient client, TallyNode node) {
    TestProbe.create(node.system()).awaitAssert(CONSUMED_DEADLINE, POLL, () -> {
      String metrics = client.get(ADMIN, "/metrics").body();
      for (int p = 0; p < PARTITIONS; p++) {
        String partition = "partition=\"" + p + "\"";
        List<Double> lag = metrics.lines()
            .filter(line -> line.startsWith("tally_cdc_consumer_lag{") && line.contains(partition)
                && line.contains("topic=\"" + topic + "\""))
            .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).toList();
        assertEquals("lag of partition " + p, List.of(0.0), lag);
      }
      return null;
    });
  }

  /** A quarantine entry of {@code reason} whose detail ends with the record's Kafka coordinates. */
  private void assertQuarantined(NodeClient client, RecordMetadata record, String reason, String raw)
      throws Exception {
    JsonNode page = client.json(client.get(ADMIN, "/v1/quarantine?limit=100"), 200);
    String where = "(Kafka topic " + topic + ", partition " + record.partition() + ", offset " + record.offset() + ")";
    boolean found = false;
    for (JsonNode item : page.get("items")) {
      found |= item.path("detail").asText().endsWith(where) && item.path("reason").asText().equals(reason)
          && (raw == null || item.path("raw").asText().equals(raw));
    }
    assertTrue(reason + " " + where + " in " + page, found);
  }

  /** The sum of the /metrics samples whose line starts with {@code prefix} or contains it. */
  private static double metricSum(NodeClient client, String part) throws Exception {
    String text = client.get(ADMIN, "/metrics").body();
    double sum = 0;
    for (String line : text.split("\n")) {
      if (!line.startsWith("#") && line.contains(part) && line.startsWith("tally_cdc_changes_total")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
