package io.tally.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestProbe;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.CassandraLauncher;
import io.tally.cluster.testing.TestPersistenceConfig;
import io.tally.http.node.TallyNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;

/**
 * Statements on a real node with the real Cassandra tables: a bank's stream posted as events, then
 * the bank's CSV statement of the same period with one of each difference planted, reported
 * exactly; the records missing in Tally applied (dry run first), after which the same statement
 * under a new id finds none missing; window totals compared; the checkpoints listed, and an audit
 * run reporting the reconciled windows that changed afterwards.
 */
public class StatementIT {

  private static final String ADMIN = "it-statement-admin-0123456789";
  private static final String BANK = "it-statement-bank-0123456789";
  /** Another producer whose statements are of window totals: each test's source is its own. */
  private static final String TREASURY = "it-statement-treasury-0123456789";
  private static final String OTHER = "it-statement-other-0123456789";
  private static final String TOKENS = "operator:" + ADMIN + "=admin+read,bank:" + BANK + "=ingest,treasury:"
      + TREASURY + "=ingest,ops:" + OTHER + "=ingest";
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final int ACCOUNTS = 30;
  private static final int PER_ACCOUNT = 10;
  /** Past enough that no event is in the future, and within the ledger's lateness. */
  private static final Instant START = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MINUTES);

  private static TallyNode node;
  private static NodeClient client;

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  @BeforeClass
  public static void startNode() throws Exception {
    int port = CassandraLauncher.freePort();
    Path spool = Files.createTempDirectory(Path.of("target"), "statement-it-spool");
    Config config = ConfigFactory.parseString(String.join("\n",
            "tally.http.auth.tokens = \"" + TOKENS + "\"",
            "tally.batches.spool-directory = \"" + spool.toAbsolutePath().toString().replace("\\", "/") + "\"",
            "tally.batches.chunk-rows = 40"))
        .withFallback(TallyNodeIT.nodeConfig(TestPersistenceConfig.forTest(StatementIT.class), port));
    node = TallyNodeIT.startReady(config);
    client = new NodeClient(port, node.system());
  }

  @AfterClass
  public static void stopNode() {
    if (node != null) {
      node.stop(Duration.ofSeconds(30));
    }
  }

  private static String key(String prefix, int account) {
    return prefix + "-acc-" + account;
  }

  private static Instant at(int account, int n) {
    return START.plusSeconds(account * PER_ACCOUNT + n);
  }

  private static String amount(int account, int n) {
    return (account + 1) + "." + n + "0";
  }

  /** The bank's stream: every account's events, as the bank posted them. */
  private static void stream(String token, String prefix) throws Exception {
    List<String> events = new ArrayList<>();
    for (int a = 0; a < ACCOUNTS; a++) {
      for (int n = 0; n < PER_ACCOUNT; n++) {
        events.add(event(key(prefix, a), prefix + "-t" + a + "-" + n, at(a, n), amount(a, n)));
      }
    }
    JsonNode answer = client.json(client.post(token, "/v1/events", "application/json",
        "[" + String.join(",", events) + "]"), 200);
    assertEquals(answer.get("counts").toString(), ACCOUNTS * PER_ACCOUNT, answer.get("counts").get("accepted").asLong());
  }

  private static String event(String entity, String key, Instant at, String amount) {
    return "{\"entityKey\":\"" + entity + "\",\"idempotencyKey\":\"" + key + "\",\"eventTime\":\"" + at
        + "\",\"amount\":\"" + amount + "\"}";
  }

  private static String period() {
    return "from=" + START.minus(Duration.ofHours(1)) + "&to=" + START.plus(Duration.ofHours(1));
  }

  @Test
  public void aStatementWithEachDifferencePlantedIsReportedExactlyAndItsMissingRecordsApplied() throws Exception {
    stream(BANK, "r");
    // Account 3's event 4 is retracted by the bank; account 5 has one event of another source.
    client.json(client.post(BANK, "/v1/events", "application/json", "{\"entityKey\":\"" + key("r", 3)
        + "\",\"idempotencyKey\":\"r-undo\",\"type\":\"retract\",\"retracts\":\"r-t3-4\",\"eventTime\":\""
        + at(3, 9) + "\"}"), 202);
    client.json(client.post(OTHER, "/v1/events", "application/json", event(key("r", 5), "r-ops-1", at(5, 1), "1.00")),
        202);

    StringBuilder csv = new StringBuilder("account,txn,booked,amt\r\n");
    List<String> lines = new ArrayList<>();
    for (int a = 0; a < ACCOUNTS; a++) {
      if (a == 7) {
        continue; // account 7 is missing from the statement: 10 records missing in the statement
      }
      for (int n = 0; n < PER_ACCOUNT; n++) {
        if (a == 1 && n == 2) {
          continue; // one record missing in the statement
        }
        String amount = a == 2 && n == 6 ? "99.00" : amount(a, n); // one amount mismatch
        lines.add(key("r", a) + ",r-t" + a + "-" + n + "," + at(a, n) + "," + amount);
      }
    }
    lines.add(key("r", 9) + ",r-t9-0," + at(9, 0) + "," + amount(9, 0));        // a duplicate row
    lines.add(key("r", 5) + ",r-ops-1," + at(5, 1) + ",1.00");                  // another source's record
    lines.add(key("r", 40) + ",r-new-1," + at(0, 0) + ",40.00");                // missing in Tally
    lines.forEach(line -> csv.append(line).append("\r\n"));
    String mapping = "map.entityKey=account&map.idempotencyKey=txn&map.eventTime=booked&map.amount=amt";

    JsonNode posted = client.json(client.post(BANK, "/v1/batches?id=r-stmt-1&mode=statement&" + mapping + "&"
        + period(), "text/csv", csv.toString()), 202);
    assertEquals("statement", posted.get("mode").asText());
    JsonNode done = client.awaitFinished(ADMIN, "r-stmt-1", DEADLINE);
    assertEquals(done.toString(), "done", done.get("status").asText());
    // Matched: 29 accounts' rows, less the missing, mismatched, retracted and duplicate ones.
    long statementRecords = (ACCOUNTS - 1) * PER_ACCOUNT - 1;
    assertEquals(Map.of("matched", statementRecords - 2, "mismatch", 2L, "duplicate_in_statement", 1L,
        "missing_in_tally", 2L, "missing_in_statement", 11L), counts(done.get("statement").get("counts")));

    Map<String, List<String>> byKind = new TreeMap<>();
    JsonNode page = client.json(client.get(ADMIN, "/v1/batches/r-stmt-1/differences?limit=100"), 200);
    page.get("differences").forEach(d -> byKind.computeIfAbsent(d.get("kind").asText(), k -> new ArrayList<>())
        .add(d.get("item").asText()));
    byKind.values().forEach(items -> items.sort(null));
    assertEquals(List.of("r-new-1", "r-t3-4"), byKind.get("missing_in_tally"));
    assertEquals(List.of("r-ops-1", "r-t2-6"), byKind.get("mismatch"));
    assertEquals(List.of("r-t9-0"), byKind.get("duplicate_in_statement"));
    assertEquals(11, byKind.get("missing_in_statement").size());
    assertTrue(byKind.get("missing_in_statement").contains("r-t1-2"));

    HttpResponse<String> csvPage = client.get(ADMIN, "/v1/batches/r-stmt-1/differences?kind=mismatch&format=csv");
    assertEquals(200, csvPage.statusCode());
    assertEquals(3, csvPage.body().lines().count());

    JsonNode dry = client.json(client.post(ADMIN, "/v1/batches/r-stmt-1/apply-missing"), 200);
    assertEquals(dry.toString(), 2, dry.get("events").asLong());
    JsonNode applied = client.json(client.post(ADMIN, "/v1/batches/r-stmt-1/apply-missing?dryRun=false"), 200);
    // The new record is accepted; the retracted one's key is taken in its entity: a duplicate.
    assertEquals(applied.toString(), Map.of("accepted", 1L, "duplicate", 1L), counts(applied.get("outcomes")));
    JsonNode entity = client.json(client.get(ADMIN, "/v1/entities/" + key("r", 40)), 200);
    assertEquals(0, new java.math.BigDecimal(entity.get("balance").asText()).compareTo(new java.math.BigDecimal("40.00")));

    client.json(client.post(BANK, "/v1/batches?id=r-stmt-2&mode=statement&" + mapping + "&" + period(), "text/csv",
        csv.toString()), 202);
    JsonNode again = client.awaitFinished(ADMIN, "r-stmt-2", DEADLINE);
    assertEquals(1, again.get("statement").get("counts").get("missing_in_tally").asLong());
    assertEquals(statementRecords - 1, again.get("statement").get("counts").get("matched").asLong());

    JsonNode checkpoints = client.json(client.get(ADMIN, "/v1/checkpoints?source=bank"), 200).get("checkpoints");
    List<String> ids = new ArrayList<>();
    checkpoints.forEach(c -> ids.add(c.get("batchId").asText()));
    assertTrue(checkpoints.toString(), ids.containsAll(List.of("r-stmt-1", "r-stmt-2")));

    // A late event in the reconciled period: the audit reports its window under the checkpoint in
    // force, the second statement's (it supersedes the first, compared before the record was applied).
    client.json(client.post(BANK, "/v1/events", "application/json", event(key("r", 0), "r-late-1", at(0, 1), "5.00")),
        202);
    JsonNode started = client.json(client.post(ADMIN, "/v1/audit/runs", "application/json", "{}"), 202);
    JsonNode report = TestProbe.create(node.system()).awaitAssert(DEADLINE, Duration.ofMillis(200), () -> {
      JsonNode run = client.json(client.get(ADMIN, "/v1/audit/runs/" + started.get("id").asText()), 200);
      assertEquals(run.toString(), "completed", run.get("state").asText());
      return run.get("report");
    });
    List<String> changed = new ArrayList<>();
    report.get("findings").forEach(f -> {
      if (f.get("kind").asText().equals("reconciled-period-changed")) {
        String detail = f.get("detail").asText();
        changed.add(f.get("entityKey").asText() + " " + (detail.contains("r-stmt-1") ? "r-stmt-1" : "r-stmt-2"));
      }
    });
    changed.sort(null);
    assertEquals(report.toString(), List.of(key("r", 0) + " r-stmt-2"), changed);
  }

  @Test
  public void windowTotalsAreComparedWithTheLedgersWindows() throws Exception {
    stream(TREASURY, "w");
    // Every account's 10 events fall in one or two windows of one minute: the ledger's totals by window.
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, java.math.BigDecimal> sums = new TreeMap<>();
    for (int a = 0; a < ACCOUNTS; a++) {
      for (int n = 0; n < PER_ACCOUNT; n++) {
        String window = key("w", a) + "," + at(a, n).truncatedTo(ChronoUnit.MINUTES);
        counts.computeIfAbsent(window, w -> new long[1])[0]++;
        sums.merge(window, new java.math.BigDecimal(amount(a, n)), java.math.BigDecimal::add);
      }
    }
    StringBuilder csv = new StringBuilder("entityKey,windowStart,count,amount\n");
    int row = 0;
    for (String window : counts.keySet()) {
      long count = counts.get(window)[0] + (row == 3 ? 1 : 0); // one count mismatch
      if (row != 5) { // one window missing in the statement
        csv.append(window).append(',').append(count).append(',').append(sums.get(window).toPlainString()).append('\n');
      }
      row++;
    }
    client.json(client.post(TREASURY, "/v1/batches?id=w-totals&mode=statement&form=totals&" + period(), "text/csv",
        csv.toString()), 202);
    JsonNode done = client.awaitFinished(ADMIN, "w-totals", DEADLINE);
    assertEquals(done.toString(), "done", done.get("status").asText());
    assertEquals(Map.of("matched", (long) counts.size() - 2, "mismatch", 1L, "duplicate_in_statement", 0L,
        "missing_in_tally", 0L, "missing_in_statement", 1L), counts(done.get("statement").get("counts")));
  }

  private static Map<String, Long> counts(JsonNode counts) {
    Map<String, Long> out = new TreeMap<>();
    counts.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }
}
