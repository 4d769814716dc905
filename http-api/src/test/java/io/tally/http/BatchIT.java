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
import io.tally.http.batch.BatchCli;
import io.tally.http.node.TallyNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;

/**
 * Batch files on a real node over HTTP with the real Cassandra tables: a CSV loaded with its bad
 * rows listed by line and column, the same file again (same id: the same batch; another id: every
 * row a duplicate), another file under a taken id, a file that breaks off half way, NDJSON, and the
 * requests refused before their body is read.
 */
public class BatchIT {

  private static final String ADMIN = "it-batch-admin-0123456789";
  private static final String INGEST = "it-batch-ingest-0123456789";
  private static final String TOKENS = "operator:" + ADMIN + "=admin,bank:" + INGEST + "=ingest";
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final int ENTITIES = 40;
  private static final int ROWS_PER_ENTITY = 10;

  private static TallyNode node;
  private static String base;
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper mapper = new ObjectMapper();
  /** Past enough that no row is in the future (max-future-skew). */
  private static final Instant START = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  @BeforeClass
  public static void startNode() throws Exception {
    int port = CassandraLauncher.freePort();
    Path spool = Files.createTempDirectory(Path.of("target"), "batch-it-spool");
    Config config = ConfigFactory.parseString(String.join("\n",
            "tally.http.auth.tokens = \"" + TOKENS + "\"",
            "tally.batches.spool-directory = \"" + spool.toAbsolutePath().toString().replace("\\", "/") + "\"",
            "tally.batches.chunk-rows = 50"))
        .withFallback(TallyNodeIT.nodeConfig(TestPersistenceConfig.forTest(BatchIT.class), port));
    node = TallyNodeIT.startReady(config);
    base = "http://127.0.0.1:" + port;
  }

  @AfterClass
  public static void stopNode() {
    if (node != null) {
      node.stop(Duration.ofSeconds(30));
    }
  }

  /** A bank statement: 400 rows over 40 accounts, one bad amount, one row outside the period. */
  private static String statement(String prefix) {
    StringBuilder csv = new StringBuilder("account,transaction_id,booked_at,amount,memo\r\n");
    for (int r = 0; r < ENTITIES * ROWS_PER_ENTITY; r++) {
      String amount = r == 17 ? "12,5O" : "1.25";
      Instant booked = r == 30 ? START.minus(Duration.ofDays(40)) : START.plusSeconds(r);
      csv.append(prefix).append("-acc-").append(r % ENTITIES).append(',').append(prefix).append("-t").append(r)
          .append(',').append(booked).append(',').append('"').append(amount).append('"').append(",\"memo, ")
          .append(r).append("\"\r\n");
    }
    return csv.toString();
  }

  private static String mapping() {
    return "map.entityKey=account&map.idempotencyKey=transaction_id&map.eventTime=booked_at&map.amount=amount"
        + "&attributes=memo&from=" + START.minus(Duration.ofDays(7)) + "&to=" + START.plus(Duration.ofDays(7));
  }

  @Test
  public void aCsvIsLoadedWithItsBadRowsListedAndLoadingItAgainChangesNothing() throws Exception {
    String csv = statement("s1");
    HttpResponse<String> posted = postCsv("/v1/batches?id=s1-nov&source=bank&" + mapping(), csv);
    assertEquals(posted.body(), 202, posted.statusCode());
    assertEquals("/v1/batches/s1-nov", posted.headers().firstValue("Location").orElseThrow());
    JsonNode done = awaitFinished("s1-nov");
    assertEquals(done.toString(), "done", done.get("status").asText());
    assertEquals(ENTITIES * ROWS_PER_ENTITY, done.get("rows").asLong());
    assertEquals(Map.of("accepted", 398L, "rejected", 2L), outcomes(done));
    assertEquals(100.0, done.get("percentOfBytes").asDouble(), 0.0);

    JsonNode rejections = json(get("/v1/batches/s1-nov/rejections"), 200);
    assertEquals(rejections.toString(), 2, rejections.get("rows").size());
    JsonNode badAmount = rejections.get("rows").get(0);
    // Row 17 is on line 19 (the header is line 1).
    assertEquals(19, badAmount.get("line").asLong());
    assertEquals("amount", badAmount.get("column").asText());
    assertTrue(badAmount.toString(), badAmount.get("detail").asText().contains("12,5O"));
    JsonNode outside = rejections.get("rows").get(1);
    assertEquals(32, outside.get("line").asLong());
    assertEquals("booked_at", outside.get("column").asText());
    assertTrue(outside.toString(), outside.get("detail").asText().contains("outside the batch's period"));

    // Each account got its rows (less the two refused), through the same contract as /v1/events.
    JsonNode account = json(get("/v1/entities/s1-acc-1"), 200);
    assertEquals(ROWS_PER_ENTITY, account.get("counts").get("events").asLong());
    assertEquals("12.50", account.get("balance").asText());
    assertTrue(account.toString(), account.get("attributes").get("memo").asText().startsWith("memo, "));

    // The same id and content: the same batch, nothing run again.
    HttpResponse<String> again = postCsv("/v1/batches?id=s1-nov&source=bank&" + mapping(), csv);
    assertEquals(again.body(), 200, again.statusCode());
    assertEquals(done.get("contentHash"), mapper.readTree(again.body()).get("contentHash"));
    assertEquals("done", mapper.readTree(again.body()).get("status").asText());

    // The same content under another id: every row answered as a duplicate, or refused again.
    assertEquals(202, postCsv("/v1/batches?id=s1-nov-again&source=bank&" + mapping(), csv).statusCode());
    assertEquals(Map.of("duplicate", 398L, "rejected", 2L), outcomes(awaitFinished("s1-nov-again")));
    assertEquals(ROWS_PER_ENTITY, json(get("/v1/entities/s1-acc-1"), 200).get("counts").get("events").asLong());

    // Other content under a taken id.
    HttpResponse<String> taken = postCsv("/v1/batches?id=s1-nov&source=bank&" + mapping(), statement("s1b"));
    assertEquals(taken.body(), 409, taken.statusCode());
    assertEquals("batch_exists", mapper.readTree(taken.body()).get("error").asText());
  }

  @Test
  public void aFileThatBreaksOffStopsThereWithRowsBeforeItTaken() throws Exception {
    String csv = "entityKey,idempotencyKey,eventTime,amount\n"
        + "b2-acc,k1," + START + ",1.00\n"
        + "b2-acc,k2," + START + ",1.00\n"
        + "b2-acc,k3," + START + ",\"1.00\n"
        + "b2-acc,k4," + START + ",1.00\n";
    assertEquals(202, postCsv("/v1/batches?id=b2", csv).statusCode());
    JsonNode failed = awaitFinished("b2");
    assertEquals(failed.toString(), "failed", failed.get("status").asText());
    assertEquals("csv_syntax", failed.get("error").get("code").asText());
    assertTrue(failed.toString(), failed.get("error").get("detail").asText().contains("starts on line 4"));
    assertEquals(2, json(get("/v1/entities/b2-acc"), 200).get("counts").get("events").asLong());
  }

  @Test
  public void aFileLargerThanTheServersBodyLimitIsStreamedToTheSpool() throws Exception {
    // 2,000 rows of 5 KB: 10 MB, past akka.http's max-content-length (8 MiB) for other requests.
    String padding = "p".repeat(5_000);
    StringBuilder csv = new StringBuilder("entityKey,idempotencyKey,eventTime,amount,padding\n");
    for (int r = 0; r < 2_000; r++) {
      csv.append("b6-acc-").append(r % 20).append(",k").append(r).append(',').append(START).append(",1.00,")
          .append(padding).append('\n');
    }
    HttpResponse<String> posted = postCsv("/v1/batches?id=b6&map.entityKey=entityKey&map.idempotencyKey=idempotencyKey"
        + "&map.eventTime=eventTime&map.amount=amount&ignore=padding", csv.toString());
    assertEquals(posted.body(), 202, posted.statusCode());
    assertTrue(posted.body(), mapper.readTree(posted.body()).get("fileBytes").asLong() > 10_000_000);
    assertEquals(Map.of("accepted", 2_000L), outcomes(awaitFinished("b6")));
  }

  @Test
  public void anNdjsonFileIsLoadedThroughTheEventContract() throws Exception {
    String ndjson = "{\"entityKey\":\"b3-acc\",\"idempotencyKey\":\"n1\",\"eventTime\":\"" + START + "\",\"amount\":\"2.00\"}\n"
        + "\n"
        + "{\"entityKey\":\"b3-acc\",\"idempotencyKey\":\"n2\",\"eventTime\":\"" + START + "\",\"colour\":\"red\"}\n";
    HttpResponse<String> posted = send(HttpRequest.newBuilder(URI.create(base + "/v1/batches?id=b3"))
        .header("Authorization", "Bearer " + INGEST).header("Content-Type", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofString(ndjson)).build());
    assertEquals(posted.body(), 202, posted.statusCode());
    assertEquals(Map.of("accepted", 1L, "rejected", 1L), outcomes(awaitFinished("b3")));
    JsonNode rejected = json(get("/v1/batches/b3/rejections"), 200).get("rows").get(0);
    assertEquals(3, rejected.get("line").asLong());
    assertEquals("colour", rejected.get("column").asText());
  }

  @Test
  public void theCliPostsAFileAndFollowsItToItsEndWithItsRejectedRows() throws Exception {
    Path file = Files.createTempFile(Path.of("target"), "batch-it-", ".csv");
    Files.writeString(file, "entityKey,idempotencyKey,eventTime,amount\n"
        + "b5-acc,c1," + START + ",1.00\n"
        + "b5-acc,c2," + START + ",one\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream printer = new PrintStream(out, true, StandardCharsets.UTF_8);
    int status = BatchCli.run(new String[] {file.toString(), "--url", base, "--token", INGEST, "--id", "b5",
        "--interval", "1s", "--max-wait", "90s"}, printer, printer);
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(printed, 1, status);
    assertTrue(printed, printed.contains("batch b5"));
    assertTrue(printed, printed.contains("100.0%"));
    assertTrue(printed, printed.contains("line 3, amount: rejected"));
  }

  @Test
  public void badRequestsAreRefusedBeforeTheBodyIsRead() throws Exception {
    assertError(postCsv("/v1/batches?id=../etc", "entityKey,eventTime\n"), 400, "id");
    assertError(postCsv("/v1/batches?from=yesterday", "entityKey,eventTime\n"), 400, "from");
    assertError(postCsv("/v1/batches?map.colour=c", "entityKey,eventTime\n"), 400, "map");
    assertError(postCsv("/v1/batches?mode=merge", "entityKey,eventTime\n"), 400, "mode");
    assertEquals(403, postCsv("/v1/batches?source=someone-else", "entityKey,eventTime\n").statusCode());
    assertEquals(400, postCsv("/v1/batches", "").statusCode());
    HttpResponse<String> json = send(HttpRequest.newBuilder(URI.create(base + "/v1/batches"))
        .header("Authorization", "Bearer " + INGEST).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("[]")).build());
    assertEquals(415, json.statusCode());
    assertEquals(404, get("/v1/batches/no-such-batch").statusCode());
  }

  private static void assertError(HttpResponse<String> answer, int status, String field) throws Exception {
    assertEquals(answer.body(), status, answer.statusCode());
    assertEquals(answer.body(), field, mapper.readTree(answer.body()).get("field").asText());
  }

  private static Map<String, Long> outcomes(JsonNode batch) {
    Map<String, Long> outcomes = new TreeMap<>();
    batch.get("outcomes").fields().forEachRemaining(e -> outcomes.put(e.getKey(), e.getValue().asLong()));
    return outcomes;
  }

  private static JsonNode awaitFinished(String id) {
    return TestProbe.create(node.system()).awaitAssert(DEADLINE, POLL, () -> {
      JsonNode batch = json(get("/v1/batches/" + id), 200);
      String status = batch.get("status").asText();
      assertTrue(batch.toString(), status.equals("done") || status.equals("failed"));
      return batch;
    });
  }

  private static HttpResponse<String> postCsv(String path, String csv) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + INGEST).header("Content-Type", "text/csv")
        .POST(HttpRequest.BodyPublishers.ofString(csv)).build());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + ADMIN).GET().build());
  }

  private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
    assertEquals(response.body(), status, response.statusCode());
    return mapper.readTree(response.body());
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
