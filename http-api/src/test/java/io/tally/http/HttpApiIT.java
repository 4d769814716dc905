package io.tally.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestProbe;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.CassandraLauncher;
import io.tally.cluster.testing.TestPersistenceConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import io.tally.http.node.TallyNode;
import io.tally.http.read.EntityHistory;
import io.tally.http.read.JournalEntityHistory;

/**
 * The HTTP API over real HTTP on 127.0.0.1, on a real node with the real Cassandra journal:
 * ingestion end to end (JSON batches and NDJSON, duplicates mixed in, every accepted event in the
 * journal exactly once) and the bad-input suite (each answer a 4xx JSON error, nothing persisted,
 * the node still healthy afterwards).
 */
public class HttpApiIT {

  private static final String ADMIN = "it-admin-token-0123456789";
  private static final String INGEST = "it-ingest-token-0123456789";
  private static final String READ = "it-read-token-0123456789";
  private static final int ENTITIES = 50;
  private static final int BATCH_EVENTS = 5_000;
  private static final int NDJSON_EVENTS = 5_000;
  private static final int BATCH_SIZE = 500;
  private static final int DUPLICATE_EVERY = 10;

  private static TallyNode node;
  private static String base;
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper mapper = new ObjectMapper();

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  @BeforeClass
  public static void startNode() {
    int port = CassandraLauncher.freePort();
    Config config = ConfigFactory.parseString(
            "tally.http.auth.tokens = \"" + ADMIN + "=admin," + INGEST + "=ingest," + READ + "=read\"")
        .withFallback(TallyNodeIT.nodeConfig(TestPersistenceConfig.forTest(HttpApiIT.class), port));
    node = TallyNodeIT.startReady(config);
    base = "http://127.0.0.1:" + port;
  }

  @AfterClass
  public static void stopNode() {
    if (node != null) {
      node.stop(Duration.ofSeconds(30));
    }
  }

  @Test
  public void tenThousandEventsInBatchesAndNdjsonLandInTheJournalExactlyOnce() throws Exception {
    String time = Instant.now().minusSeconds(10).toString();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < BATCH_EVENTS + NDJSON_EVENTS; i++) {
      lines.add(event("e2e-" + (i % ENTITIES), "key-" + i, time, ",\"amount\":\"" + i + ".01\""));
    }
    Map<String, Integer> statuses = new HashMap<>();
    Map<String, Set<String>> accepted = new HashMap<>();
    List<String> batch = new ArrayList<>();
    for (int i = 0; i < BATCH_EVENTS; i++) {
      batch.add(lines.get(i));
      if (i % DUPLICATE_EVERY == 0 && i > 0) {
        batch.add(lines.get(i - 1));
      }
      if (batch.size() >= BATCH_SIZE || i == BATCH_EVENTS - 1) {
        HttpResponse<String> response = send(post(INGEST, "application/json", "[" + String.join(",", batch) + "]"));
        assertEquals(response.body(), 200, response.statusCode());
        mapper.readTree(response.body()).get("results").forEach(r -> record(r, statuses, accepted));
        batch.clear();
      }
    }
    StringBuilder ndjson = new StringBuilder();
    for (int i = BATCH_EVENTS; i < lines.size(); i++) {
      ndjson.append(lines.get(i)).append('\n');
      if (i % DUPLICATE_EVERY == 0) {
        ndjson.append(lines.get(i - BATCH_EVENTS / 2)).append('\n');
      }
    }
    HttpResponse<String> streamed = send(post(INGEST, "application/x-ndjson", ndjson.toString()));
    assertEquals(200, streamed.statusCode());
    for (String line : streamed.body().split("\n")) {
      record(mapper.readTree(line), statuses, accepted);
    }

    int acceptedCount = accepted.values().stream().mapToInt(Set::size).sum();
    assertEquals("every distinct event accepted once: " + statuses, BATCH_EVENTS + NDJSON_EVENTS, acceptedCount);
    assertTrue("duplicates answered as duplicates: " + statuses, statuses.getOrDefault("duplicate", 0) >= 900);
    assertEquals("no other outcome: " + statuses, Set.of("accepted", "duplicate"), statuses.keySet());

    JournalEntityHistory journal = new JournalEntityHistory(node.system());
    for (Map.Entry<String, Set<String>> entity : accepted.entrySet()) {
      List<EntityHistory.Entry> events = journal.events(entity.getKey(), 1, 100_000)
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      List<String> keys = events.stream().map(e -> e.event().idempotencyKey()).toList();
      assertEquals(entity.getKey() + " has no event twice", keys.size(), new HashSet<>(keys).size());
      assertEquals(entity.getKey() + " holds exactly its accepted events", entity.getValue(), new HashSet<>(keys));
    }
    String some = accepted.keySet().iterator().next();
    List<EntityHistory.Entry> page = journal.events(some, 3, 2).toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals("a page starts at its seqNr", List.of(3L, 4L), page.stream().map(EntityHistory.Entry::seqNr).toList());
  }

  @Test
  public void badInputGetsA4xxJsonErrorPersistsNothingAndLeavesTheNodeHealthy() throws Exception {
    String now = Instant.now().toString();
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    String fiftyMegabytes = "[" + "\"" + "x".repeat(50 * 1024 * 1024) + "\"]";
    Object[][] cases = {
        {post(INGEST, "application/json", "{\"entityKey\":\"bad-1\","), 400, "malformed_json"},
        {post(INGEST, "application/json", event("bad-2", "k", now, ",\"amount\":NaN")), 400, "malformed_json"},
        {post(INGEST, "application/json", event("bad-3", "k", now, ",\"amount\":Infinity")), 400, "malformed_json"},
        {post(INGEST, "application/json", event("bad-4", "k", now, ",\"amount\":1e400")), 422, "rejected"},
        {post(INGEST, "application/json", event("bad-5", "k", now, ",\"amount\":\"NaN\"")), 422, "rejected"},
        {post(INGEST, "application/json", event("bad-6", "k", now, ",\"sequence\":\"one\"")), 422, "rejected"},
        {post(INGEST, "application/json", event("bad-7", "k", now, ",\"colour\":\"red\"")), 422, "rejected"},
        {post(INGEST, "application/json", event("bad 8", "k", now, "")), 422, "rejected"},
        {post(INGEST, "application/json", event("bad-\u00fc", "k", now, "")), 422, "rejected"},
        {post(INGEST, "application/json", event("bad-10", "k\\u0001", now, "")), 422, "rejected"},
        {post(INGEST, "application/json", event("bad-11", "k", Instant.now().plusSeconds(3600).toString(), "")), 422, "rejected"},
        {post(INGEST, "application/json", deep), 400, "too_deep"},
        {post(INGEST, "application/json", fiftyMegabytes), 413, "payload_too_large"},
        {post(INGEST, "text/plain", event("bad-12", "k", now, "")), 415, "unsupported_media_type"},
        {post(null, "application/json", event("bad-13", "k", now, "")), 401, "unauthorized"},
        {post("wrong-token-0123456789", "application/json", event("bad-14", "k", now, "")), 401, "unauthorized"},
        {post(READ, "application/json", event("bad-15", "k", now, "")), 403, "forbidden"},
        {get("/v1/no-such-route"), 404, "not_found"},
    };
    for (Object[] c : cases) {
      HttpRequest request = (HttpRequest) c[0];
      HttpResponse<String> response = send(request);
      String what = request.method() + " " + c[2] + ": " + response.body().substring(0, Math.min(300, response.body().length()));
      assertEquals(what, c[1], response.statusCode());
      assertTrue(what, response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
      JsonNode body = mapper.readTree(response.body());
      assertEquals(what, c[2], body.get("error").asText());
      assertTrue(what, body.get("detail").asText().length() > 0);
      assertEquals("node healthy after " + what, 200, send(get("/health/ready")).statusCode());
    }
    for (String key : List.of("bad-1", "bad-2", "bad-3", "bad-4", "bad-5", "bad-6", "bad-7", "bad-11", "bad-13", "bad-14", "bad-15")) {
      JsonNode state = mapper.readTree(send(get("/v1/entities/" + key)).body());
      assertEquals("nothing persisted for " + key, 0, state.get("lastSeqNr").asLong());
    }
  }

  private static void record(JsonNode result, Map<String, Integer> statuses, Map<String, Set<String>> accepted) {
    String status = result.get("status").asText();
    statuses.merge(status, 1, Integer::sum);
    if (status.equals("accepted")) {
      assertTrue("accepted twice: " + result,
          accepted.computeIfAbsent(result.get("entityKey").asText(), k -> new HashSet<>())
              .add(result.get("idempotencyKey").asText()));
    }
  }

  @Test
  public void windowViewsReconciliationAndMetricsAreServedOverHttp() throws Exception {
    String entity = "http-window-1";
    java.time.Instant now = java.time.Instant.now();
    HttpResponse<String> accepted = send(post(INGEST, "application/json",
        event(entity, "w1", now.toString(), ",\"amount\":\"12.50\"")));
    assertEquals(accepted.body(), 202, accepted.statusCode());
    String windows = "/v1/windows?entity=" + entity + "&from=" + now.minusSeconds(3600) + "&to=" + now.plusSeconds(3600);
    JsonNode page = TestProbe.create(node.system()).awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(200), () -> {
      HttpResponse<String> r = send(get(windows));
      assertEquals(r.body(), 200, r.statusCode());
      JsonNode body = mapper.readTree(r.body());
      assertEquals(r.body(), 1, body.get("windows").size());
      return body;
    });
    assertEquals("12.5", page.get("windows").get(0).get("sum").asText());
    assertEquals(1, page.get("windows").get(0).get("count").asLong());
    // The widest range the API allows (max-windows, 1,440 one-minute windows) on the real node:
    // its window reads once went out all at once and ran out of connections (500).
    java.time.Instant from = now.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minus(Duration.ofHours(23));
    HttpResponse<String> widest = send(get("/v1/windows?entity=" + entity + "&from=" + from + "&to="
        + from.plus(Duration.ofMinutes(1440))));
    assertEquals(widest.body(), 200, widest.statusCode());
    assertEquals(widest.body(), 1, mapper.readTree(widest.body()).get("windows").size());

    HttpRequest dryRun = HttpRequest.newBuilder(URI.create(base + "/v1/reconciliations?dryRun=true"))
        .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + ADMIN)
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> report = TestProbe.create(node.system()).awaitAssert(Duration.ofSeconds(60), Duration.ofMillis(500), () -> {
      HttpResponse<String> r = send(dryRun);
      assertEquals(r.body(), 200, r.statusCode());
      return r;
    });
    assertTrue(mapper.readTree(report.body()).get("dryRun").asBoolean());
    HttpResponse<String> forbidden = send(HttpRequest.newBuilder(URI.create(base + "/v1/reconciliations"))
        .header("Authorization", "Bearer " + READ).POST(HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(403, forbidden.statusCode());
    assertEquals(200, send(get("/v1/discrepancies")).statusCode());
    assertEquals(200, send(get("/v1/repairs")).statusCode());
    HttpResponse<String> metrics = send(get("/metrics"));
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.body(), metrics.body().contains("tally_ingest_outcomes_total{outcome=\"accepted\"}"));
    assertTrue(metrics.body(), metrics.body().contains("tally_projection_lag_seconds"));
  }

  private static String event(String entity, String key, String time, String extra) {
    return "{\"entityKey\":\"" + entity + "\",\"idempotencyKey\":\"" + key + "\",\"eventTime\":\"" + time + "\"" + extra + "}";
  }

  private static HttpRequest post(String token, String contentType, String body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + "/v1/events"))
        .timeout(Duration.ofSeconds(120))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder.build();
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
