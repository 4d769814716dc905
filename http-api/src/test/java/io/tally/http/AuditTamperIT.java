package io.tally.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.CassandraLauncher;
import io.tally.cluster.testing.TestPersistenceConfig;
import io.tally.ledger.EventRecorded;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.ShardedLedgerService;
import io.tally.projections.audit.AuditJob;
import io.tally.projections.audit.AuditJobArgs;
import io.tally.projections.audit.AuditProgress;
import io.tally.projections.audit.AuditReport;
import io.tally.projections.audit.AuditScope;
import io.tally.projections.audit.Auditor;
import io.tally.projections.audit.Finding;
import io.tally.projections.audit.WindowViewCheck;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Rule;
import org.junit.Test;
import io.tally.http.node.TallyNode;

/**
 * The audit on a real node and Cassandra: events ingested through the ledger (HTTP, sharding),
 * then one journal row's payload rewritten with CQL. The library, the HTTP API and the
 * command-line job must all report the untampered journal clean, and then name the exact
 * entity, seqNr and kind of the break; a deleted row is a sequence gap. Point-in-time state is read
 * back through the real journal.
 */
public class AuditTamperIT {

  private static final String ADMIN = "it-audit-admin-0123456789";
  private static final String ENTITY = "acc/audit-1";
  private static final String OTHER = "acc-audit-2";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  private String base;

  @Test
  public void anUntamperedJournalIsCleanAndAChangedRowIsNamedByLibraryHttpAndJob() throws Exception {
    Config persistence = TestPersistenceConfig.forTest(getClass());
    int port = CassandraLauncher.freePort();
    Config config = ConfigFactory.parseString("tally.http.auth.tokens = \"" + ADMIN + "=admin\"\n"
            + "tally.ledger.snapshot-every = 3\n")
        .withFallback(TallyNodeIT.nodeConfig(persistence, port));
    TallyNode node = TallyNode.start(config);
    base = "http://127.0.0.1:" + port;
    try {
      TestProbe<Object> probe = TestProbe.create(node.system());
      probe.awaitAssert(TIMEOUT, Duration.ofMillis(200), () -> {
        assertEquals(200, send(get("/health/ready")).statusCode());
        return null;
      });
      String time = Instant.now().minusSeconds(5).toString();
      ingest(event(ENTITY, "k1", time, ",\"amount\":\"10\""));
      Instant afterSecond = Instant.parse(ingest(event(ENTITY, "k2", time, ",\"amount\":\"5\"")).get("ingestedAt").asText());
      ingest(event(ENTITY, "r1", time, ",\"type\":\"retract\",\"retracts\":\"k2\""));
      ingest(event(ENTITY, "k3", time, ",\"amount\":\"1\""));
      for (int i = 1; i <= 3; i++) {
        ingest(event(OTHER, "k" + i, time, ",\"amount\":\"2\""));
      }

      // Point in time through the real journal: before the retraction was ingested, k2 counted.
      JsonNode asOf = mapper.readTree(send(get("/v1/entities/acc%2Faudit-1?asOf=" + afterSecond)).body());
      assertEquals("15", asOf.get("balance").asText());
      assertEquals(2, asOf.get("lastSeqNr").asLong());
      assertEquals("11", mapper.readTree(send(get("/v1/entities/acc%2Faudit-1?asOf=" + Instant.now())).body())
          .get("balance").asText());

      LedgerSettings ledgerSettings = LedgerSettings.create(node.system().settings().config());
      Auditor auditor = Auditor.inNode(node.system(), ledgerSettings,
          ShardedLedgerService.init(node.system(), ledgerSettings, Clock.systemUTC()), WindowViewCheck.NONE,
          Clock.systemUTC());
      String keyspace = persistence.getString("akka.persistence.cassandra.journal.keyspace");
      String contactPoint = persistence.getString("tally.cassandra.contact-points");
      AuditJobArgs jobArgs = AuditJobArgs.parse("--contact-point", contactPoint, "--keyspace", keyspace,
          "--snapshot-keyspace", persistence.getString("akka.persistence.cassandra.snapshot.keyspace"),
          "--report", Files.createTempDirectory("audit-it").resolve("report.json").toString());

      // Untampered: clean everywhere, with the snapshot (seqNr 3) and live states compared.
      AuditReport clean = libraryRun(auditor);
      assertTrue(clean.summary(), clean.clean());
      assertEquals(2, clean.entitiesChecked());
      assertEquals(7, clean.eventsChecked());
      assertTrue(httpRun(node).get("findings").isEmpty());
      assertTrue(job(jobArgs).clean());
      assertTrue(send(get("/v1/audit/entities/acc%2Faudit-1/events")).body().lines()
          .allMatch(line -> line.contains("\"chain\":\"ok\"")));

      tamperAmount(node, contactPoint, keyspace, LedgerEntity.persistenceId(ENTITY).id(), 2, "5000");

      Finding expected = new Finding(ENTITY, 2L, "hash-mismatch", null);
      AuditReport tampered = libraryRun(auditor);
      assertFalse(tampered.clean());
      assertEquals("exactly one chain break: " + tampered.findings(), 1, tampered.chainBreaks());
      assertTrue(tampered.summary(), containsFinding(tampered.findings(), expected));
      assertTrue("the replayed state now differs from the stored snapshot and the live entity: " + tampered.findings(),
          tampered.findings().stream().anyMatch(f -> f.kind().equals("snapshot-mismatch") && f.seqNr() == 3)
              && tampered.findings().stream().anyMatch(f -> f.kind().equals("live-state-mismatch")));
      assertTrue(tampered.findings().stream().noneMatch(f -> f.entityKey().equals(OTHER)));

      JsonNode httpReport = httpRun(node);
      assertEquals(1, httpReport.get("chainBreaks").asLong());
      assertTrue(httpReport.toString(), containsFinding(mapper.readerForListOf(Finding.class)
          .readValue(httpReport.get("findings")), expected));

      List<String> lines = send(get("/v1/audit/entities/acc%2Faudit-1/events")).body().lines().toList();
      assertEquals(4, lines.size());
      JsonNode second = mapper.readTree(lines.get(1));
      assertEquals(2, second.get("seqNr").asLong());
      assertEquals("broken", second.get("chain").asText());
      assertEquals("hash-mismatch", second.get("problems").get(0).get("kind").asText());
      assertEquals("5000", second.get("event").get("amount").asText());
      assertEquals("ok", mapper.readTree(lines.get(2)).get("chain").asText());

      AuditReport jobReport = job(jobArgs);
      assertEquals(1, jobReport.chainBreaks());
      assertTrue(containsFinding(jobReport.findings(), expected));
      JsonNode file = mapper.readTree(jobArgs.report().toFile());
      assertEquals(ENTITY, file.get("findings").get(0).get("entityKey").asText());
      assertTrue(file.toString(), file.toString().contains("\"kind\":\"hash-mismatch\""));

      // A removed row: the job reads past it and names the gap at the next event.
      try (CqlSession cql = session(contactPoint)) {
        cql.execute("DELETE FROM " + keyspace + ".messages WHERE persistence_id = ? AND partition_nr = 0"
            + " AND sequence_nr = 2", LedgerEntity.persistenceId(OTHER).id());
      }
      AuditReport gap = job(jobArgs);
      assertTrue(gap.findings().toString(), containsFinding(gap.findings(), new Finding(OTHER, 3L, "sequence-gap", null)));
      assertTrue(containsFinding(gap.findings(), new Finding(OTHER, 3L, "prev-hash-mismatch", null)));
    } finally {
      node.stop(Duration.ofSeconds(30));
    }
  }

  private static boolean containsFinding(List<Finding> findings, Finding expected) {
    return findings.stream().anyMatch(f -> f.entityKey().equals(expected.entityKey())
        && expected.seqNr().equals(f.seqNr()) && f.kind().equals(expected.kind()));
  }

  private static AuditReport libraryRun(Auditor auditor) throws Exception {
    return auditor.run(AuditScope.ALL, new AtomicReference<>(AuditProgress.NONE))
        .toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private static AuditReport job(AuditJobArgs args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AuditReport report = AuditJob.run(args, WindowViewCheck.NONE, new PrintStream(out, true));
    assertTrue(out.toString(), out.toString().contains("report: "));
    assertTrue(Files.exists(args.report()));
    return report;
  }

  /** Starts a run over HTTP and waits (bounded) for its report. */
  private JsonNode httpRun(TallyNode node) throws Exception {
    HttpResponse<String> started = send(HttpRequest.newBuilder(URI.create(base + "/v1/audit/runs"))
        .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertEquals(started.body(), 202, started.statusCode());
    String id = mapper.readTree(started.body()).get("id").asText();
    AtomicReference<JsonNode> report = new AtomicReference<>();
    TestProbe.create(node.system()).awaitAssert(TIMEOUT, Duration.ofMillis(200), () -> {
          JsonNode status = mapper.readTree(send(get("/v1/audit/runs/" + id)).body());
          assertEquals(status.toString(), "completed", status.get("state").asText());
          report.set(status.get("report"));
          return null;
        });
    return report.get();
  }

  /** Rewrites the amount inside one journal row's CBOR payload, keeping its stored hashes. */
  private static void tamperAmount(TallyNode node, String contactPoint, String keyspace, String persistenceId,
      long seqNr, String amount) {
    try (CqlSession cql = session(contactPoint)) {
      Row row = cql.execute("SELECT timestamp, event, ser_id, ser_manifest FROM " + keyspace + ".messages"
          + " WHERE persistence_id = ? AND partition_nr = 0 AND sequence_nr = ?", persistenceId, seqNr).one();
      Serialization serialization = SerializationExtension.get(node.system().classicSystem());
      ByteBuffer bytes = row.getByteBuffer("event");
      byte[] original = new byte[bytes.remaining()];
      bytes.get(original);
      EventRecorded event = (EventRecorded) serialization.deserialize(original, row.getInt("ser_id"),
          row.getString("ser_manifest")).get();
      EventRecorded forged = new EventRecorded(event.entityKey(), event.idempotencyKey(), event.eventTime(),
          event.ingestedAt(), event.windowStart(), event.late(), new BigDecimal(amount), event.attributes(),
          event.sequence(), event.source(), event.prevHash(), event.hash());
      byte[] payload = serialization.serialize(forged).get();
      cql.execute("UPDATE " + keyspace + ".messages SET event = ? WHERE persistence_id = ? AND partition_nr = 0"
          + " AND sequence_nr = ? AND timestamp = ?", ByteBuffer.wrap(payload), persistenceId, seqNr,
          row.getUuid("timestamp"));
    }
  }

  private static CqlSession session(String contactPoint) {
    String[] hostPort = contactPoint.split(":");
    return CqlSession.builder().addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
        .withLocalDatacenter("datacenter1").build();
  }

  private JsonNode ingest(String body) throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/v1/events"))
        .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    assertEquals(response.body(), 202, response.statusCode());
    return mapper.readTree(response.body());
  }

  private static String event(String entity, String key, String time, String extra) {
    return "{\"entityKey\":\"" + entity + "\",\"idempotencyKey\":\"" + key + "\",\"eventTime\":\"" + time + "\"" + extra + "}";
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + ADMIN).GET().build();
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(request + " failed: " + e, e);
    }
  }
}
