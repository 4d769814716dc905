package io.tally.bench.cdc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.tally.bench.BenchNode;
import io.tally.bench.batch.BatchSection;
import io.tally.bench.batch.BatchedEvents;
import io.tally.bench.report.MarkdownTable;
import io.tally.bench.report.ResultsReport;
import io.tally.cluster.KafkaBrokerSettings;
import io.tally.cluster.KafkaLauncher;
import io.tally.cluster.RunningKafka;
import io.tally.cluster.testing.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka change source's throughput against batched {@code POST /v1/events}, in the same run on
 * the same node: {@code records} Debezium changes of a balance table ({@code rows} rows, each
 * created then updated, round by round, so consecutive records touch different entities) on a
 * 4-partition topic of a real Kafka broker (the development broker, in its own JVM on 127.0.0.1),
 * consumed by the node from the moment they are produced until every offset is committed; then as
 * many events over as many entities posted in arrays of 100 by 8 clients.
 */
public final class CdcSection {

  private static final int PARTITIONS = 4;
  private static final String TABLE = "bench.public.accounts";
  private static final Duration POLL = Duration.ofMillis(500);
  private static final long ADMIN_TIMEOUT_SECONDS = 30;
  private static final String NODE_OVERRIDES = "tally.projections.drift.interval = 0s";
  /** Entities checked after the run: every this-many-th row's. */
  private static final int ENTITY_SAMPLE_EVERY = 100;

  private final Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS);

  public void run(String contactPoint, int records, int rows, Duration maxWait, ResultsReport report)
      throws Exception {
    int changesPerRow = Math.max(1, records / rows);
    int total = rows * changesPerRow;
    String topic = "bench-cdc-" + System.currentTimeMillis();
    KafkaBrokerSettings settings = KafkaBrokerSettings.fromConfig(
            ConfigFactory.parseResources("tally-kafka.conf").resolve().getConfig("tally.kafka.embedded"))
        .withPorts(KafkaLauncher.freePort(), KafkaLauncher.freePort())
        .withDataDir(Path.of("benchmarks", "target", "bench-kafka").toAbsolutePath());
    try (RunningKafka broker = KafkaLauncher.start(settings);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all()
          .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      String group = "bench-" + topic;
      try (BenchNode node = BenchNode.start("bench-cdc", contactPoint, String.join("\n", NODE_OVERRIDES,
          "tally.cdc.kafka.bootstrap-servers = \"" + broker.bootstrapServers() + "\"",
          "tally.cdc.kafka.topics = [\"" + topic + "\"]",
          "tally.cdc.kafka.group-id = \"" + group + "\"",
          "tally.cdc.tables { \"" + TABLE + "\" { key-columns = [\"id\"], entity-key-prefix = \"bcdc-\", "
              + "amount-column = \"balance\" } }"))) {
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers())) {
          DebeziumChanges changes = new DebeziumChanges(start);
          for (int round = 0; round < changesPerRow; round++) {
            for (int row = 0; row < rows; row++) {
              producer.send(new ProducerRecord<>(topic, DebeziumChanges.key(row), changes.next(row, round)));
            }
          }
          producer.flush();
        }
        double produced = (System.nanoTime() - started) / 1e9;
        awaitCommitted(admin, topic, group, maxWait);
        double consumed = (System.nanoTime() - started) / 1e9;
        long accepted = Math.round(changes(node, "accepted"));
        long duplicate = Math.round(changes(node, "duplicate"));
        // A change persisted while its answer was lost (unavailable) is answered duplicate when sent again.
        if (accepted + duplicate < total || accepted > total) {
          throw new IllegalStateException("the node answered " + accepted + " accepted and " + duplicate
              + " duplicate of " + total + " changes");
        }
        checkEntities(node, rows, changesPerRow);
        double baseline = new BatchedEvents(node, start).run(total, changesPerRow, rows, BatchSection.Order.SPREAD);

        report.heading(String.format(Locale.ROOT, "Change data capture (%,d Debezium changes of %,d rows from "
            + "Kafka, against batched /v1/events)", total, rows));
        MarkdownTable table = MarkdownTable.of("path", ">events", ">entities", ">events/s", ">seconds");
        table.row("Kafka change source (" + PARTITIONS + " partitions, one node; produced, consumed, committed)",
            total, rows, Math.round(total / consumed), Math.round(consumed));
        table.row("batched `POST /v1/events` (" + BatchedEvents.EVENTS_PER_REQUEST + " per request, "
            + BatchedEvents.IN_FLIGHT + " in flight)", total, rows, Math.round(baseline),
            Math.round(total / baseline));
        report.table(table);
        report.note(String.format(Locale.ROOT, "Producing the %,d records took %.1f s of the Kafka path's time. "
            + "Answers: %,d accepted, %,d duplicate (changes persisted whose first answer was lost, sent again); "
            + "every %d-th entity checked to hold exactly its %d changes.",
            total, produced, accepted, duplicate, ENTITY_SAMPLE_EVERY, changesPerRow));
      }
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static void awaitCommitted(Admin admin, String topic, String group, Duration maxWait) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Eventually.within(maxWait, POLL, "every record of " + topic + " committed", () -> {
      long end = admin.listOffsets(latest).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).values().stream()
          .mapToLong(o -> o.offset()).sum();
      long committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
          .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).values().stream()
          .filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
      if (committed < end) {
        throw new AssertionError(committed + " of " + end);
      }
      return committed;
    });
  }

  /** Every ENTITY_SAMPLE_EVERY-th row's entity holds each of its changes once. */
  private static void checkEntities(BenchNode node, int rows, int changesPerRow) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    for (int row = 0; row < rows; row += ENTITY_SAMPLE_EVERY) {
      HttpResponse<String> state = client.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/entities/bcdc-"
          + row)).header("Authorization", "Bearer " + BenchNode.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
      if (state.statusCode() != 200
          || new ObjectMapper().readTree(state.body()).path("lastSeqNr").asLong() != changesPerRow) {
        throw new IllegalStateException("entity bcdc-" + row + " should hold " + changesPerRow + " events: "
            + state.statusCode() + " " + state.body());
      }
    }
  }

  /** tally_cdc_changes_total{outcome=...}, summed over its series. */
  private static double changes(BenchNode node, String outcome) throws Exception {
    HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(node.baseUrl() + "/metrics")).header("Authorization", "Bearer " + BenchNode.TOKEN).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    double sum = 0;
    for (String line : metrics.body().split("\n")) {
      if (line.startsWith("tally_cdc_changes_total{") && line.contains("outcome=\"" + outcome + "\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
