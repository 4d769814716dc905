package io.tally.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.CassandraLauncher;
import io.tally.cluster.testing.SharedCassandra;
import io.tally.cluster.testing.TestPersistenceConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import io.tally.http.auth.ApiTokens;
import io.tally.http.node.TallyNode;

/**
 * The quarantine on a real node over HTTP with the real Cassandra tables: a refused event is
 * listed, re-submitted corrected and resolved; a refusal of the entity (conflict, over NDJSON) is
 * kept and re-submitted; rows carry the configured retention as their TTL (read with CQL's TTL(),
 * not waited for); and a list walks several time buckets newest first, page by page.
 */
public class QuarantineIT {

  private static final String ADMIN = "it-quarantine-admin-0123456789";
  private static final String INGEST = "it-quarantine-ingest-0123456789";
  private static final String READ = "it-quarantine-read-0123456789";
  private static final String TOKENS = ADMIN + "=admin," + INGEST + "=ingest," + READ + "=read";
  private static final Duration RETENTION = Duration.ofMinutes(10);
  private static final Duration BUCKET = Duration.ofSeconds(2);
  /** A TTL read right after a write is at most this far below the retention (slow 2-core runs). */
  private static final Duration TTL_SLACK = Duration.ofSeconds(60);
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private static TallyNode node;
  private static String base;
  private static String views;
  private static CqlSession cql;
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper mapper = new ObjectMapper();

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  @BeforeClass
  public static void startNode() {
    int port = CassandraLauncher.freePort();
    Config config = ConfigFactory.parseString(String.join("\n",
            "tally.http.auth.tokens = \"" + TOKENS + "\"",
            "tally.quarantine.retention = " + RETENTION.toSeconds() + "s",
            "tally.quarantine.bucket = " + BUCKET.toSeconds() + "s"))
        .withFallback(TallyNodeIT.nodeConfig(TestPersistenceConfig.forTest(QuarantineIT.class), port));
    views = config.getString("tally.projections.keyspace");
    node = TallyNodeIT.startReady(config);
    base = "http://127.0.0.1:" + port;
    cql = CqlSession.builder().withConfigLoader(DriverConfigLoader.fromString(String.join("\n",
            "datastax-java-driver {",
            "  basic.contact-points = [\"" + SharedCassandra.contactPoint() + "\"]",
            "  basic.load-balancing-policy.local-datacenter = datacenter1",
            "  basic.request.timeout = 30s",
            "}")))
        .build();
  }

  @AfterClass
  public static void stopNode() {
    if (cql != null) {
      cql.close();
    }
    if (node != null) {
      node.stop(Duration.ofSeconds(30));
    }
  }

  @Test
  public void aRefusedEventIsListedResubmittedAndResolvedAndExpiresWithTheRetention() throws Exception {
    String now = Instant.now().toString();
    String refused = event("q-acc-1", "k1", now, ",\"colour\":\"red\"");
    HttpResponse<String> answer = send(post("/v1/events", INGEST, refused));
    assertEquals(answer.body(), 422, answer.statusCode());
    String id = mapper.readTree(answer.body()).get("quarantineId").asText();

    // Listed as soon as the answer is out: the answer waited for the write.
    JsonNode page = json(get("/v1/quarantine?entity=q-acc-1"), 200);
    assertEquals(page.toString(), 1, page.get("items").size());
    JsonNode entry = page.get("items").get(0);
    assertEquals(id, entry.get("id").asText());
    assertEquals("open", entry.get("status").asText());
    assertEquals("unknown-field", entry.get("reason").asText());
    assertEquals("colour", entry.get("field").asText());
    assertEquals(refused, entry.get("raw").asText());
    assertEquals("k1", entry.get("idempotencyKey").asText());
    assertEquals(callerId(INGEST), entry.get("caller").asText());
    assertEquals(id, json(get("/v1/quarantine?reason=unknown-field&from=" + entry.get("quarantinedAt").asText()), 200)
        .get("items").get(0).get("id").asText());

    UUID uuid = UUID.fromString(id);
    for (String table : List.of("quarantine", "quarantine_by_entity")) {
      Row row = row(table, uuid, "TTL(raw), TTL(reason), TTL(caller)");
      for (int i = 0; i < 3; i++) {
        assertTtlIsTheRetention(table, row.getInt(i));
      }
    }

    HttpResponse<String> resubmitted = send(post("/v1/quarantine/" + id + "/resubmit", INGEST,
        event("q-acc-1", "k1", now, ",\"attributes\":{\"colour\":\"red\"}")));
    assertEquals(resubmitted.body(), 202, resubmitted.statusCode());
    JsonNode body = mapper.readTree(resubmitted.body());
    assertEquals("accepted", body.get("result").get("status").asText());
    assertEquals("resolved", body.get("entry").get("status").asText());
    assertEquals(1, json(get("/v1/entities/q-acc-1"), 200).get("lastSeqNr").asLong());

    JsonNode resolved = json(get("/v1/quarantine/" + id), 200);
    assertEquals("resolved", resolved.get("status").asText());
    assertEquals(callerId(INGEST), resolved.get("resolvedBy").asText());
    assertEquals("k1", resolved.get("resolvedIdempotencyKey").asText());
    assertEquals(List.of(id), ids(json(get("/v1/quarantine?entity=q-acc-1&status=resolved"), 200)));
    assertEquals(List.of(), ids(json(get("/v1/quarantine?entity=q-acc-1&status=open"), 200)));
    // The resolution expires with the row: written with the row's remaining TTL, never longer.
    for (String table : List.of("quarantine", "quarantine_by_entity")) {
      Row row = row(table, uuid, "TTL(raw), TTL(resolved_at), TTL(resolved_by), TTL(resolved_idempotency_key)");
      for (int i = 1; i < 4; i++) {
        assertTrue(table + " resolution TTL " + row.getInt(i) + " within the row's " + row.getInt(0),
            row.getInt(i) > 0 && row.getInt(i) <= row.getInt(0));
      }
    }
    HttpResponse<String> again = send(post("/v1/quarantine/" + id + "/resubmit", INGEST, event("q-acc-1", "k1", now, "")));
    assertEquals(again.body(), 409, again.statusCode());
    assertEquals("already_resolved", mapper.readTree(again.body()).get("error").asText());
  }

  @Test
  public void anEntityRefusalOverNdjsonIsKeptAndAResubmissionRefusedAgainLeavesItOpen() throws Exception {
    String now = Instant.now().toString();
    String conflicting = event("q-acc-2", "k1", now, ",\"amount\":\"2.00\"");
    String ndjson = event("q-acc-2", "k1", now, ",\"amount\":\"1.00\"") + "\n" + conflicting + "\n";
    HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(base + "/v1/events"))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + INGEST)
        .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(ndjson)).build());
    assertEquals(answer.body(), 200, answer.statusCode());
    List<JsonNode> lines = new ArrayList<>();
    for (String line : answer.body().split("\n")) {
      lines.add(mapper.readTree(line));
    }
    assertEquals("accepted", lines.get(0).get("status").asText());
    assertFalse(lines.get(0).has("quarantineId"));
    assertEquals("conflict", lines.get(1).get("status").asText());
    String id = lines.get(1).get("quarantineId").asText();

    JsonNode entry = json(get("/v1/quarantine/" + id), 200);
    assertEquals("conflict", entry.get("reason").asText());
    assertEquals(conflicting, entry.get("raw").asText());
    assertEquals(1, entry.get("requestIndex").asInt());
    assertEquals(List.of(id), ids(json(get("/v1/quarantine?entity=q-acc-2&reason=conflict"), 200)));

    HttpResponse<String> stillConflicting = send(post("/v1/quarantine/" + id + "/resubmit", INGEST, conflicting));
    assertEquals(stillConflicting.body(), 409, stillConflicting.statusCode());
    JsonNode refusedAgain = mapper.readTree(stillConflicting.body());
    String second = refusedAgain.get("result").get("quarantineId").asText();
    assertNotEquals(id, second);
    assertEquals("open", refusedAgain.get("entry").get("status").asText());
    assertEquals(List.of(second, id), ids(json(get("/v1/quarantine?entity=q-acc-2&status=open"), 200)));

    HttpResponse<String> corrected = send(post("/v1/quarantine/" + id + "/resubmit", INGEST,
        event("q-acc-2", "k2", now, ",\"amount\":\"2.00\"")));
    assertEquals(corrected.body(), 202, corrected.statusCode());
    assertEquals(List.of(id), ids(json(get("/v1/quarantine?entity=q-acc-2&status=resolved"), 200)));
    assertEquals(List.of(second), ids(json(get("/v1/quarantine?entity=q-acc-2&status=open"), 200)));
    String metrics = send(get("/metrics")).body();
    assertTrue(metrics, metrics.contains("tally_quarantined_total{reason=\"conflict\"} 2"));
    assertTrue(metrics, metrics.contains("tally_quarantine_resubmissions_total{outcome=\"conflict\"} 1"));
  }

  @Test
  public void aListWalksTimeBucketsNewestFirstPageByPage() throws Exception {
    List<String> posted = new ArrayList<>();
    List<Instant> at = new ArrayList<>();
    // Refused events until they span at least three buckets (the walk's probes and reads across
    // empty, partial and full pages); each answer is one round trip, so this takes ~2 buckets.
    Instant deadline = Instant.now().plus(DEADLINE);
    while (at.stream().map(t -> t.toEpochMilli() / BUCKET.toMillis()).distinct().count() < 3 || posted.size() < 5) {
      assertTrue("3 buckets of entries within " + DEADLINE + ": " + at, Instant.now().isBefore(deadline));
      HttpResponse<String> r = send(post("/v1/events", INGEST,
          event("q-page", "p" + posted.size(), Instant.now().toString(), ",\"colour\":1")));
      assertEquals(r.body(), 422, r.statusCode());
      String id = mapper.readTree(r.body()).get("quarantineId").asText();
      posted.add(id);
      at.add(Instant.ofEpochMilli(Uuids.unixTimestamp(UUID.fromString(id))));
    }
    List<String> newestFirst = new ArrayList<>(posted);
    java.util.Collections.reverse(newestFirst);
    String range = "&from=" + at.get(0) + "&to=" + at.get(at.size() - 1).plusMillis(1);

    assertEquals(newestFirst, allPages("/v1/quarantine?entity=q-page&limit=2"));
    assertEquals(newestFirst, allPages("/v1/quarantine?limit=3" + range));
    assertEquals(newestFirst, allPages("/v1/quarantine?reason=unknown-field&status=open&limit=4" + range));
    Instant from = at.get(1);
    Instant to = at.get(at.size() - 1);
    List<String> within = new ArrayList<>();
    for (int i = posted.size() - 1; i >= 0; i--) {
      if (!at.get(i).isBefore(from) && at.get(i).isBefore(to)) {
        within.add(posted.get(i));
      }
    }
    assertEquals(within, allPages("/v1/quarantine?entity=q-page&limit=2&from=" + from + "&to=" + to));
  }

  private List<String> allPages(String uri) throws Exception {
    List<String> ids = new ArrayList<>();
    String token = null;
    for (int pages = 0; pages < 1000; pages++) {
      JsonNode page = json(get(uri + (token == null ? "" : "&pageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8))), 200);
      ids.addAll(ids(page));
      if (!page.has("nextPageToken")) {
        return ids;
      }
      token = page.get("nextPageToken").asText();
    }
    throw new AssertionError("no last page after 1000 pages of " + uri);
  }

  private static void assertTtlIsTheRetention(String what, int ttl) {
    assertTrue(what + " TTL " + ttl + " is the retention " + RETENTION,
        ttl <= RETENTION.toSeconds() && ttl > RETENTION.minus(TTL_SLACK).toSeconds());
  }

  private static Row row(String table, UUID id, String columns) {
    Instant bucket = Instant.ofEpochMilli(Uuids.unixTimestamp(id) / BUCKET.toMillis() * BUCKET.toMillis());
    String where = table.equals("quarantine") ? "bucket = ? AND id = ?" : "entity_key = ? AND bucket = ? AND id = ?";
    Object[] values = table.equals("quarantine") ? new Object[] {bucket, id} : new Object[] {"q-acc-1", bucket, id};
    Row row = cql.execute(cql.prepare("SELECT " + columns + " FROM " + views + "." + table + " WHERE " + where)
        .bind(values)).one();
    assertTrue(table + " holds " + id, row != null);
    return row;
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("items").forEach(item -> ids.add(item.get("id").asText()));
    return ids;
  }

  private static String callerId(String token) {
    return ApiTokens.parse(TOKENS).authenticate(token).orElseThrow().id();
  }

  private static String event(String entity, String key, String time, String extra) {
    return "{\"entityKey\":\"" + entity + "\",\"idempotencyKey\":\"" + key + "\",\"eventTime\":\"" + time + "\"" + extra + "}";
  }

  private static JsonNode json(HttpRequest request, int status) throws Exception {
    HttpResponse<String> response = send(request);
    assertEquals(request.uri() + ": " + response.body(), status, response.statusCode());
    return mapper.readTree(response.body());
  }

  private static HttpRequest post(String path, String token, String body) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + READ).GET().build();
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(request + " failed: " + e, e);
    }
  }
}
