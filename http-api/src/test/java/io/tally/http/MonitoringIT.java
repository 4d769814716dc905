package io.tally.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestProbe;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.CassandraLauncher;
import io.tally.cluster.testing.SharedKafka;
import io.tally.cluster.testing.TestPersistenceConfig;
import io.tally.http.node.TallyNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;

/**
 * The monitoring files of cluster-config ({@code monitoring/grafana/*.json},
 * {@code monitoring/prometheus/*.yml}) against a real node's {@code GET /metrics}: every metric
 * name their PromQL reads is a series the node exposes. The node runs on the shared Cassandra with
 * the Kafka change source on, and gets a little of each kind of traffic first (accepted, duplicate
 * and rejected events, a detector run, Debezium changes), so that the labelled series exist.
 */
public class MonitoringIT {

  private static final String ADMIN = "it-monitoring-admin-0123456789";
  private static final String TOKENS = "operator:" + ADMIN + "=admin+read";
  private static final Path MONITORING = Path.of("..", "cluster-config", "monitoring");
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String TOPIC = "it-monitoring-" + RUN;

  private static TallyNode node;
  private static NodeClient client;

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  @BeforeClass
  public static void startNode() throws Exception {
    String bootstrap = SharedKafka.bootstrapServers();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
    }
    Config config = ConfigFactory.parseString(String.join("\n",
            "tally.http.auth.tokens = \"" + TOKENS + "\"",
            "tally.cdc.kafka.bootstrap-servers = \"" + bootstrap + "\"",
            "tally.cdc.kafka.topics = [\"" + TOPIC + "\"]",
            "tally.cdc.kafka.group-id = \"tally-monitoring-" + RUN + "\"",
            "tally.cdc.kafka.lag-interval = 1s",
            "tally.cdc.tables { \"shop.public.accounts\" { key-columns = [\"id\"], entity-key-prefix = \"mon-cdc-"
                + RUN + "/\", amount-column = \"balance\" } }"))
        .withFallback(TallyNodeIT.nodeConfig(TestPersistenceConfig.forTest(MonitoringIT.class),
            CassandraLauncher.freePort()));
    node = TallyNodeIT.startReady(config);
    client = new NodeClient(node.httpAddress().getPort(), node.system());
    traffic(bootstrap);
  }

  @AfterClass
  public static void stopNode() {
    if (node != null) {
      node.stop(Duration.ofSeconds(60));
    }
  }

  /** A little of everything the dashboard shows. */
  private static void traffic(String bootstrap) throws Exception {
    String time = Instant.now().minusSeconds(30).toString();
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.add("{\"entityKey\":\"mon-e" + i + "\",\"idempotencyKey\":\"k" + i + "\",\"eventTime\":\"" + time
          + "\",\"amount\":\"" + i + ".50\"}");
    }
    events.add(events.get(0)); // a duplicate
    events.add("{\"entityKey\":\"mon-e1\",\"idempotencyKey\":\"bad\",\"eventTime\":\"" + time
        + "\",\"colour\":\"red\"}"); // rejected: quarantined as unknown-field
    HttpResponse<String> ingested = client.post(ADMIN, "/v1/events", "application/json",
        "[" + String.join(",", events) + "]");
    assertEquals(ingested.body(), 200, ingested.statusCode());
    client.get(ADMIN, "/v1/entities/mon-e3");
    client.get(ADMIN, "/v1/no-such-route");

    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      long at = Instant.now().minusSeconds(30).toEpochMilli();
      for (int id = 0; id < 3; id++) {
        String change = "{\"before\":null,\"after\":{\"id\":" + id + ",\"balance\":\"1.00\"},\"source\":"
            + "{\"connector\":\"postgresql\",\"name\":\"shop\",\"ts_ms\":" + at + ",\"db\":\"shop\",\"schema\":\"public\","
            + "\"table\":\"accounts\",\"txId\":" + (100 + id) + ",\"lsn\":" + (100 + id) + "},\"op\":\"c\",\"ts_ms\":"
            + (at + 1) + "}";
        producer.send(new ProducerRecord<>(TOPIC, ("{\"id\":" + id + "}").getBytes(StandardCharsets.UTF_8),
            change.getBytes(StandardCharsets.UTF_8))).get();
      }
    }

    HttpResponse<String> run = client.post(ADMIN, "/v1/reconciliations");
    assertTrue(run.body(), run.statusCode() < 300 || run.statusCode() == 409);

    // Series that appear with their first event: wait until each is there.
    TestProbe.create(node.system()).awaitAssert(DEADLINE, POLL, () -> {
      String text = metrics();
      for (String series : List.of("tally_projection_last_advanced_timestamp_seconds{",
          "tally_projection_lag_seconds_bucket{", "tally_cdc_consumer_lag{", "tally_cdc_changes_total{",
          "tally_quarantined_total{", "cassandra_session_cql_requests_seconds_bucket{",
          "tally_detector_runs_total{outcome=\"completed\"} 1")) {
        assertTrue(series + " not yet in /metrics", text.contains(series));
      }
      return null;
    });
  }

  private static String metrics() throws Exception {
    HttpResponse<String> response = client.get(ADMIN, "/metrics");
    assertEquals(200, response.statusCode());
    return response.body();
  }

  @Test
  public void everyMetricOfTheDashboardsAndAlertRulesIsOnTheNode() throws Exception {
    String text = metrics();
    Files.writeString(Path.of("target", "monitoring-it-metrics.txt"), text);
    Exposed exposed = Exposed.of(text);

    Map<String, Set<String>> used = new TreeMap<>();
    List<Path> files = new ArrayList<>();
    try (var dashboards = Files.list(MONITORING.resolve("grafana"))) {
      dashboards.filter(p -> p.toString().endsWith(".json")).forEach(files::add);
    }
    try (var rules = Files.list(MONITORING.resolve("prometheus"))) {
      rules.filter(p -> p.getFileName().toString().matches(".*-alerts\\.ya?ml")).forEach(files::add);
    }
    assertFalse("no monitoring files under " + MONITORING.toAbsolutePath(), files.isEmpty());
    for (Path file : files) {
      JsonNode tree = (file.toString().endsWith(".json") ? JSON : YAML).readTree(file.toFile());
      int[] expressions = {0};
      walk(tree, (field, value) -> {
        Set<String> names = field.equals("expr") ? PromQlNames.of(value)
            : field.equals("query") || field.equals("definition") ? PromQlNames.ofVariableQuery(value) : Set.of();
        expressions[0] += field.equals("expr") ? 1 : 0;
        names.forEach(n -> used.computeIfAbsent(n, k -> new TreeSet<>()).add(file.getFileName().toString()));
      });
      assertTrue(file + " has no PromQL expression", expressions[0] > 0);
    }

    Map<String, Set<String>> missing = new TreeMap<>();
    used.forEach((name, where) -> {
      if (!exposed.has(name)) {
        missing.put(name, where);
      }
    });
    assertEquals("metrics the monitoring files use that the node does not expose (see "
        + "target/monitoring-it-metrics.txt)", Map.of(), missing);
    assertTrue(used.toString(), used.size() > 40);
  }

  @Test
  public void theScrapeIsThePrometheusTextFormatWithoutRawPathsOrKeys() throws Exception {
    HttpResponse<String> response = client.get(ADMIN, "/metrics");
    assertEquals("text/plain; version=0.0.4; charset=UTF-8", response.headers().firstValue("Content-Type").orElse(""));
    String text = response.body();
    Exposed exposed = Exposed.of(text);
    assertEquals("histogram", exposed.types.get("tally_http_server_requests_seconds"));
    assertEquals("histogram", exposed.types.get("tally_projection_lag_seconds"));
    assertEquals("histogram", exposed.types.get("cassandra_session_cql_requests_seconds"));
    assertEquals("counter", exposed.types.get("tally_ingest_outcomes_total"));
    assertEquals("gauge", exposed.types.get("jvm_memory_used_bytes"));
    assertEquals("gauge", exposed.types.get("tally_ingest_entity_commands_limit"));
    assertEquals("gauge", exposed.types.get("tally_ingest_entity_commands_in_flight"));
    assertTrue(text, text.contains("route=\"/v1/entities/{key}\""));
    assertTrue(text, text.contains("route=\"other\""));
    assertFalse("an entity key became a label value", text.contains("mon-e3"));
    assertTrue(text, text.contains("tally_cluster_members{status=\"up\"} 1.0"));
    assertTrue(text, text.contains("tally_ingest_outcomes_total{outcome=\"duplicate\"} 1.0"));
  }

  /**
   * Calls {@code visit} with every string field of the tree (field name, value), but the query of
   * a Grafana datasource variable (a plugin type such as "prometheus", not PromQL).
   */
  private static void walk(JsonNode node, BiConsumer<String, String> visit) {
    boolean datasourceVariable = node.path("type").asText().equals("datasource") && node.has("name");
    node.fields().forEachRemaining(e -> {
      if (datasourceVariable && e.getKey().equals("query")) {
        return;
      }
      if (e.getValue().isTextual()) {
        visit.accept(e.getKey(), e.getValue().asText());
      } else if (e.getValue().isObject() && e.getKey().equals("query") && e.getValue().has("query")) {
        visit.accept("query", e.getValue().get("query").asText());
      }
      walk(e.getValue(), visit);
    });
    if (node.isArray()) {
      node.forEach(child -> walk(child, visit));
    }
  }

  /** The sample names and family types of a scrape. */
  private record Exposed(Set<String> samples, Map<String, String> types) {

    static Exposed of(String text) {
      Set<String> samples = new TreeSet<>();
      Map<String, String> types = new HashMap<>();
      for (String line : text.split("\n")) {
        if (line.startsWith("# TYPE ")) {
          String[] parts = line.split(" ");
          types.put(parts[2], parts[3]);
        } else if (!line.startsWith("#") && !line.isBlank()) {
          int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
          samples.add(line.substring(0, end));
        }
      }
      return new Exposed(samples, types);
    }

    /**
     * Whether {@code name} is a sample of the scrape; a {@code _bucket} name must also be one of a
     * histogram (so histogram_quantile gets buckets).
     */
    boolean has(String name) {
      if (!samples.contains(name)) {
        return false;
      }
      return !name.endsWith("_bucket")
          || "histogram".equals(types.get(name.substring(0, name.length() - "_bucket".length())));
    }
  }
}
