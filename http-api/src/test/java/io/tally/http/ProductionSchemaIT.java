package io.tally.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorSystem;
import akka.persistence.cassandra.query.javadsl.CassandraReadJournal;
import akka.persistence.query.Offset;
import akka.persistence.query.PersistenceQuery;
import akka.projection.ProjectionId;
import akka.projection.javadsl.ProjectionManagement;
import akka.stream.javadsl.Sink;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.CassandraLauncher;
import io.tally.cluster.schema.ProductionSchema;
import io.tally.cluster.schema.SchemaKeyspaces;
import io.tally.cluster.testing.SharedCassandra;
import io.tally.cluster.testing.TestPersistenceConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.Rule;
import org.junit.Test;
import io.tally.http.node.TallyNode;

/**
 * The production schema is complete: cluster-config's CQL (NetworkTopologyStrategy, here with
 * {'datacenter1': 1}) applied to fresh keyspaces, then real nodes on the production overlay, whose
 * every auto-create stays off, persist, snapshot, project (eventsByTag, offsets, views), keep a
 * refused event in the quarantine, pause a projection, detect and repair a damaged view, and
 * recover the entity in a second node.
 */
public class ProductionSchemaIT {

  private static final String ADMIN = "it-prod-admin-token-0123456789";
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final int EVENTS = 12;
  private static final int SNAPSHOT_EVERY = 5;
  private static final String PERSISTENCE_ID = "LedgerEntity|prod-acc-1";

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  public void nodesWithEveryAutoCreateOffRunOnTheProductionSchema() throws Exception {
    Config overlay = ConfigFactory.parseResources("tally-prod.conf");
    assertEveryAutoCreateIsOff(overlay.withFallback(ConfigFactory.defaultReference()).resolve());

    String base = TestPersistenceConfig.keyspaceFor(getClass().getSimpleName());
    SchemaKeyspaces keyspaces = new SchemaKeyspaces(base, base + "_snap", base + "_proj", base + "_views");
    String contactPoint = SharedCassandra.contactPoint();
    try (CqlSession cql = session(contactPoint)) {
      ProductionSchema.load().apply(cql, keyspaces, Map.of("datacenter1", 1));
      for (String keyspace : List.of(keyspaces.journal(), keyspaces.snapshot(), keyspaces.projection(), keyspaces.views())) {
        Map<String, String> replication = cql.execute(
                "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?", keyspace)
            .one().getMap("replication", String.class, String.class);
        assertTrue(keyspace + ": " + replication, replication.get("class").endsWith("NetworkTopologyStrategy"));
        assertEquals(keyspace + ": " + replication, "1", replication.get("datacenter1"));
      }

      Instant eventTime = Instant.now();
      Instant window = Instant.ofEpochMilli(eventTime.toEpochMilli() / 1000 * 1000);
      int firstPort = CassandraLauncher.freePort();
      TallyNode first = TallyNode.start(nodeConfig(overlay, keyspaces, contactPoint, firstPort));
      try {
        String url = "http://127.0.0.1:" + firstPort;
        ActorSystem<Void> system = first.system();
        await(system, () -> status(url + "/health/ready", 200));

        for (int i = 1; i <= EVENTS; i++) {
          HttpResponse<String> accepted = post(url + "/v1/events",
              "{\"entityKey\":\"prod-acc-1\",\"idempotencyKey\":\"k" + i + "\",\"eventTime\":\"" + eventTime
                  + "\",\"amount\":\"2.50\"}");
          assertEquals(accepted.body(), 202, accepted.statusCode());
        }

        // a refused event is kept in the quarantine tables of tally-views.cql, listed by entity
        HttpResponse<String> refused = post(url + "/v1/events", "{\"entityKey\":\"prod-acc-1\",\"idempotencyKey\":"
            + "\"bad\",\"eventTime\":\"" + eventTime + "\",\"colour\":\"red\"}");
        assertEquals(refused.body(), 422, refused.statusCode());
        String quarantineId = mapper.readTree(refused.body()).get("quarantineId").asText();
        JsonNode quarantined = mapper.readTree(get(url + "/v1/quarantine?entity=prod-acc-1").body()).get("items");
        assertEquals(quarantined.toString(), quarantineId, quarantined.get(0).get("id").asText());

        // journal, tag_views and all_persistence_ids through the plugin's own queries
        CassandraReadJournal queries = PersistenceQuery.get(system.classicSystem())
            .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
        List<String> ids = result(queries.currentPersistenceIds().runWith(Sink.seq(), system));
        assertTrue(ids.toString(), ids.contains(PERSISTENCE_ID));
        int slice = await(system, () -> {
          JsonNode view = window(url, window);
          assertEquals(view.toString(), EVENTS, view.get("count").asLong());
          assertEquals(0, new BigDecimal("30.00").compareTo(view.get("sum").decimalValue()));
          return view.get("slice").asInt();
        });
        String tag = "slice-" + slice;
        long tagged = result(queries.currentEventsByTag(tag, Offset.noOffset())
            .filter(e -> e.persistenceId().equals(PERSISTENCE_ID)).runWith(Sink.seq(), system)).size();
        assertEquals(EVENTS, tagged);

        // the plugin's bookkeeping tables and the snapshot store
        await(system, () -> assertRows(cql, "SELECT tag FROM " + base + ".tag_write_progress WHERE persistence_id = ?"));
        await(system, () -> assertRows(cql, "SELECT sequence_nr FROM " + base + ".tag_scanning WHERE persistence_id = ?"));
        await(system, () -> assertRows(cql, "SELECT sequence_nr FROM " + base + "_snap.snapshots WHERE persistence_id = ?"));

        // the projection's offset, and its management table (pause/resume)
        ProjectionId projection = ProjectionId.of("window-views", tag);
        await(system, () -> {
          List<Row> offsets = cql.execute(
              "SELECT projection_name, projection_key, offset FROM " + base + "_proj.offset_store").all();
          assertTrue("no offset saved for " + projection + ": " + offsets, offsets.stream().anyMatch(r ->
              r.getString("projection_name").equals(projection.name())
                  && r.getString("projection_key").equals(tag) && r.getString("offset") != null));
          return null;
        });
        ProjectionManagement management = ProjectionManagement.get(system);
        assertFalse(result(management.isPaused(projection)));
        result(management.pause(projection));
        assertTrue(result(management.isPaused(projection)));
        result(management.resume(projection));
        assertFalse(result(management.isPaused(projection)));

        // the drift detector finds a deleted view row and repairs it: discrepancies, repairs, views
        cql.execute("DELETE FROM " + base + "_views.window_views WHERE slice = ? AND window_start = ? AND entity_key = ?",
            slice, window, "prod-acc-1");
        JsonNode report = await(system, () -> {
          HttpResponse<String> run = post(url + "/v1/reconciliations", "{}");
          assertEquals(run.body(), 200, run.statusCode());
          JsonNode body = mapper.readTree(run.body());
          assertTrue(run.body(), body.get("repairs").size() >= 1);
          return body;
        });
        assertEquals("prod-acc-1", report.get("discrepancies").get(0).get("entityKey").asText());
        assertEquals(EVENTS, window(url, window).get("count").asLong());
        assertEquals(1, mapper.readTree(get(url + "/v1/discrepancies").body()).get("items").size());
        assertEquals(1, mapper.readTree(get(url + "/v1/repairs").body()).get("items").size());
      } finally {
        first.stop(Duration.ofSeconds(30));
      }

      // a second node recovers the entity (snapshot, metadata, tag scanning) from the same tables
      int secondPort = CassandraLauncher.freePort();
      TallyNode second = TallyNode.start(nodeConfig(overlay, keyspaces, contactPoint, secondPort));
      try {
        String url = "http://127.0.0.1:" + secondPort;
        await(second.system(), () -> status(url + "/health/ready", 200));
        JsonNode state = mapper.readTree(get(url + "/v1/entities/prod-acc-1").body());
        assertEquals(state.toString(), EVENTS, state.get("lastSeqNr").asLong());
        assertEquals(0, new BigDecimal("30.00").compareTo(new BigDecimal(state.get("balance").asText())));
      } finally {
        second.stop(Duration.ofSeconds(30));
      }
    }
  }

  private static void assertEveryAutoCreateIsOff(Config prod) {
    for (String flag : List.of(
        "akka.persistence.cassandra.journal.keyspace-autocreate",
        "akka.persistence.cassandra.journal.tables-autocreate",
        "akka.persistence.cassandra.snapshot.keyspace-autocreate",
        "akka.persistence.cassandra.snapshot.tables-autocreate",
        "tally.projections.tables-autocreate")) {
      assertFalse(flag, prod.getBoolean(flag));
    }
  }

  /**
   * The production overlay with only what a test node must change: where Cassandra and the
   * keyspaces are, loopback addresses, self-join, no JVM exit, and fast windows and tag reads.
   * No auto-create flag is touched.
   */
  private static Config nodeConfig(Config overlay, SchemaKeyspaces keyspaces, String contactPoint, int httpPort) {
    String firstBucket = ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(5)
        .format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm"));
    return ConfigFactory.parseString(String.join("\n",
            "tally.cassandra.contact-points = \"" + contactPoint + "\"",
            "datastax-java-driver.basic.contact-points = [\"" + contactPoint + "\"]",
            "tally.cassandra.local-datacenter = datacenter1",
            SchemaKeyspaces.JOURNAL_KEY + " = " + keyspaces.journal(),
            SchemaKeyspaces.SNAPSHOT_KEY + " = " + keyspaces.snapshot(),
            SchemaKeyspaces.PROJECTION_KEY + " = " + keyspaces.projection(),
            SchemaKeyspaces.VIEWS_KEY + " = " + keyspaces.views(),
            "akka.persistence.cassandra.events-by-tag.first-time-bucket = \"" + firstBucket + "\"",
            "tally.cluster.join = self",
            "tally.http.interface = \"127.0.0.1\"",
            "tally.http.port = " + httpPort,
            "tally.http.auth.tokens = \"" + ADMIN + "=admin\"",
            "akka.remote.artery.canonical.hostname = \"127.0.0.1\"",
            "akka.remote.artery.canonical.port = " + CassandraLauncher.freePort(),
            "akka.coordinated-shutdown.exit-jvm = off",
            "akka.cluster.jmx.multi-mbeans-in-same-jvm = on",
            "tally.ledger.window-size = 1s",
            "tally.ledger.allowed-lateness = 5s",
            "tally.ledger.snapshot-every = " + SNAPSHOT_EVERY,
            "akka.persistence.cassandra.events-by-tag.eventual-consistency-delay = 200ms",
            "akka.persistence.cassandra.events-by-tag.scanning-flush-interval = 1s",
            "akka.persistence.cassandra.query.refresh-interval = 100ms",
            "tally.projections.window-views.group-after-duration = 50ms",
            "tally.projections.drift.lookback = 60s",
            "tally.projections.drift.settle-time = 2s",
            "tally.projections.drift.interval = 0s"))
        .withFallback(overlay)
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  private static CqlSession session(String contactPoint) {
    return CqlSession.builder().withConfigLoader(DriverConfigLoader.fromString(String.join("\n",
            "datastax-java-driver {",
            "  basic.contact-points = [\"" + contactPoint + "\"]",
            "  basic.load-balancing-policy.local-datacenter = datacenter1",
            // schema changes on a busy 2-core machine take seconds
            "  basic.request.timeout = 60s",
            "  advanced.control-connection.schema-agreement.timeout = 60s",
            "}")))
        .build();
  }

  private static Void assertRows(CqlSession cql, String query) {
    assertTrue(query, cql.execute(query, PERSISTENCE_ID).one() != null);
    return null;
  }

  private JsonNode window(String url, Instant window) throws Exception {
    HttpResponse<String> response = get(url + "/v1/windows?entity=prod-acc-1&from=" + window
        + "&to=" + window.plusSeconds(1));
    assertEquals(response.body(), 200, response.statusCode());
    JsonNode windows = mapper.readTree(response.body()).get("windows");
    assertEquals(response.body(), 1, windows.size());
    return windows.get(0);
  }

  private static <T> T await(ActorSystem<?> system, Checked<T> check) {
    Supplier<T> supplier = () -> {
      try {
        return check.get();
      } catch (AssertionError e) {
        throw e;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
    return TestProbe.create(system).awaitAssert(DEADLINE, POLL, supplier::get);
  }

  private static <T> T result(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
  }

  private HttpResponse<String> status(String url, int status) throws Exception {
    HttpResponse<String> response = get(url);
    assertEquals(url + ": " + response.body(), status, response.statusCode());
    return response;
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + ADMIN).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A check that may throw, retried until it passes. */
  @FunctionalInterface
  private interface Checked<T> {
    T get() throws Exception;
  }
}
