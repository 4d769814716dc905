package io.tally.http.batch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpCharsets;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.testkit.JUnitRouteTest;
import akka.http.javadsl.testkit.TestRouteResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.testing.Eventually;
import io.tally.http.RouteFixture;
import io.tally.ledger.ProposedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;

/**
 * Statements through the API's real routes, compared with an in-memory journal: each kind of
 * difference planted once and reported exactly, paged as JSON and CSV, the missing records applied
 * after a dry run, and the reconciliation checkpoint listed.
 */
public class StatementRoutesTest extends JUnitRouteTest {

  private static final Duration WITHIN = Duration.ofSeconds(20);
  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");
  private static final String SOURCE = RouteFixture.PRODUCER;
  private static final String PERIOD = "from=2026-11-21T00:00:00Z&to=2026-11-22T00:00:00Z";
  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public Config additionalConfig() {
    return ConfigFactory.parseString("akka.actor.provider = local");
  }

  private RouteFixture fixture() {
    return new RouteFixture(Adapter.toTyped(system()), ConfigFactory.empty());
  }

  /** The ledger: what the producer's stream recorded (and one event of another source). */
  private static void plantLedger(RouteFixture fixture) {
    fixture.journal
        .record("acc-1", "t1", T, "1.50", SOURCE)
        .record("acc-1", "t2", T.plusSeconds(5), "2.00", SOURCE)
        .record("acc-1", "t7", T.plusSeconds(6), "7.00", SOURCE)
        .record("acc-1", "t9", T.plusSeconds(7), "9.00", SOURCE)
        .record("acc-2", "t4", T.plusSeconds(8), "4.00", "other-system")
        .record("acc-3", "t8", T.plusSeconds(9), "8.00", SOURCE)
        // Outside the period: neither compared nor missing.
        .record("acc-3", "t0", Instant.parse("2026-11-20T10:00:00Z"), "1.00", SOURCE);
    fixture.journal.retract("acc-1", "r7", T.plusSeconds(10), "t7");
  }

  /** The other system's records: one of each kind of difference, and one row that cannot be read. */
  private static final String STATEMENT = "entityKey,idempotencyKey,eventTime,amount\n"
      + "acc-1,t1,2026-11-21T10:00:00Z,1.50\n"       // line 2: matched
      + "acc-1,t2,2026-11-21T10:00:05Z,2.50\n"       // line 3: mismatch (amount)
      + "acc-1,t1,2026-11-21T10:00:00Z,1.50\n"       // line 4: duplicate of line 2
      + "acc-1,t7,2026-11-21T10:00:06Z,7.00\n"       // line 5: missing in Tally (retracted there)
      + "acc-2,t4,2026-11-21T10:00:08Z,4.00\n"       // line 6: mismatch (another source)
      + "acc-4,t5,2026-11-21T10:00:10Z,5.00\n"       // line 7: missing in Tally (never recorded)
      + "acc-4,t6,not-a-time,6.00\n";                // line 8: rejected
      // Missing in the statement: acc-1/t9, and all of acc-3 (t8), which the statement never names.

  private TestRouteResult post(RouteFixture fixture, String query, String csv) {
    return testRoute(fixture.route).run(RouteFixture.as(RouteFixture.INGEST, HttpRequest.POST("/v1/batches?" + query)
        .withEntity(HttpEntities.create(ContentTypes.create(MediaTypes.TEXT_CSV, HttpCharsets.UTF_8), csv))));
  }

  private JsonNode get(RouteFixture fixture, String token, String path) throws Exception {
    return mapper.readTree(testRoute(fixture.route).run(RouteFixture.as(token, HttpRequest.GET(path))).entityString());
  }

  private JsonNode awaitDone(RouteFixture fixture, String id) {
    return Eventually.within(WITHIN, Duration.ofMillis(20), "statement " + id + " compared", () -> {
      JsonNode batch = get(fixture, RouteFixture.READ, "/v1/batches/" + id);
      assertTrue(batch.toString(), batch.get("status").asText().equals("done")
          || batch.get("status").asText().equals("failed"));
      return batch;
    });
  }

  @Test
  public void eachPlantedDifferenceIsReportedExactly() throws Exception {
    RouteFixture fixture = fixture();
    plantLedger(fixture);
    TestRouteResult posted = post(fixture, "id=s1&mode=statement&" + PERIOD, STATEMENT);
    assertEquals(posted.entityString(), 202, posted.response().status().intValue());
    JsonNode done = awaitDone(fixture, "s1");
    assertEquals(done.toString(), "done", done.get("status").asText());
    JsonNode statement = done.get("statement");
    assertEquals("records", statement.get("form").asText());
    assertEquals("done", statement.get("phase").asText());
    assertEquals(Map.of("matched", 1L, "mismatch", 2L, "duplicate_in_statement", 1L, "missing_in_tally", 2L,
        "missing_in_statement", 2L), counts(statement.get("counts")));
    assertFalse(statement.get("reconciled").asBoolean());
    assertEquals(7, statement.get("differencesKept").asLong());
    assertEquals(1, done.get("outcomes").get("rejected").asLong());
    assertEquals(6, done.get("outcomes").get("read").asLong());
    JsonNode rejected = get(fixture, RouteFixture.READ, "/v1/batches/s1/rejections").get("rows").get(0);
    assertEquals(8, rejected.get("line").asLong());
    assertEquals("eventTime", rejected.get("column").asText());

    List<JsonNode> all = new ArrayList<>();
    get(fixture, RouteFixture.READ, "/v1/batches/s1/differences").get("differences").forEach(all::add);
    assertEquals(List.of(
            "missing_in_tally acc-1 t7 5", "missing_in_tally acc-4 t5 7",
            "missing_in_statement acc-1 t9 0", "missing_in_statement acc-3 t8 0",
            "mismatch acc-1 t2 3", "mismatch acc-2 t4 6",
            "duplicate_in_statement acc-1 t1 4"),
        all.stream().map(d -> d.get("kind").asText() + " " + d.get("entityKey").asText() + " " + d.get("item").asText()
            + " " + d.path("line").asLong(0)).toList());
    JsonNode amount = all.get(4);
    assertEquals("amount", amount.get("field").asText());
    assertEquals(0, amount.get("statementAmount").decimalValue().compareTo(new java.math.BigDecimal("2.50")));
    assertEquals(0, amount.get("ledgerAmount").decimalValue().compareTo(new java.math.BigDecimal("2.00")));
    assertEquals("source", all.get(5).get("field").asText());
    assertTrue(all.get(0).get("detail").asText(), all.get(0).get("detail").asText().contains("retracted"));
  }

  @Test
  public void differencesArePagedAcrossKindsAndServedAsCsv() throws Exception {
    RouteFixture fixture = fixture();
    plantLedger(fixture);
    post(fixture, "id=s2&mode=statement&" + PERIOD, STATEMENT);
    awaitDone(fixture, "s2");
    List<String> paged = new ArrayList<>();
    String after = null;
    for (int page = 0; page < 10; page++) {
      JsonNode body = get(fixture, RouteFixture.READ, "/v1/batches/s2/differences?limit=3"
          + (after == null ? "" : "&after=" + after));
      body.get("differences").forEach(d -> paged.add(d.get("kind").asText() + ":" + d.get("item").asText()));
      after = body.path("next").isMissingNode() ? null : body.get("next").asText();
      if (after == null) {
        break;
      }
    }
    assertEquals(List.of("missing_in_tally:t7", "missing_in_tally:t5", "missing_in_statement:t9",
        "missing_in_statement:t8", "mismatch:t2", "mismatch:t4", "duplicate_in_statement:t1"), paged);

    JsonNode oneKind = get(fixture, RouteFixture.READ, "/v1/batches/s2/differences?kind=mismatch");
    assertEquals(2, oneKind.get("differences").size());

    TestRouteResult csv = testRoute(fixture.route).run(RouteFixture.as(RouteFixture.READ,
        HttpRequest.GET("/v1/batches/s2/differences?kind=missing_in_tally&format=csv")));
    assertEquals(200, csv.response().status().intValue());
    assertEquals(MediaTypes.TEXT_CSV, csv.response().entity().getContentType().mediaType());
    String[] lines = csv.entityString().split("\n");
    assertEquals("kind,entityKey,item,windowStart,line,statementAmount,ledgerAmount,statementCount,ledgerCount,"
        + "field,detail", lines[0]);
    assertEquals(3, lines.length);
    assertTrue(lines[2], lines[2].startsWith("missing_in_tally,acc-4,t5,2026-11-21T10:00:00Z,7,5.00,"));

    for (String bad : List.of("kind=matched", "kind=nope", "limit=0", "after=%21%21", "format=xml")) {
      TestRouteResult refused = testRoute(fixture.route).run(RouteFixture.as(RouteFixture.READ,
          HttpRequest.GET("/v1/batches/s2/differences?" + bad)));
      assertEquals(bad + ": " + refused.entityString(), 400, refused.response().status().intValue());
    }
  }

  @Test
  public void missingRecordsAreAppliedAfterADryRun() throws Exception {
    RouteFixture fixture = fixture();
    plantLedger(fixture);
    post(fixture, "id=s3&mode=statement&" + PERIOD, STATEMENT);
    awaitDone(fixture, "s3");
    int callsBefore = fixture.ledger.calls.size();

    assertEquals(403, testRoute(fixture.route).run(RouteFixture.as(RouteFixture.INGEST,
        HttpRequest.POST("/v1/batches/s3/apply-missing"))).response().status().intValue());
    JsonNode dry = mapper.readTree(testRoute(fixture.route).run(RouteFixture.as(RouteFixture.ADMIN,
        HttpRequest.POST("/v1/batches/s3/apply-missing"))).entityString());
    assertTrue(dry.toString(), dry.get("dryRun").asBoolean());
    assertEquals(2, dry.get("events").asLong());
    assertEquals("t7", dry.get("sample").get(0).get("idempotencyKey").asText());
    assertEquals(callsBefore, fixture.ledger.calls.size());

    JsonNode applied = mapper.readTree(testRoute(fixture.route).run(RouteFixture.as(RouteFixture.ADMIN,
        HttpRequest.POST("/v1/batches/s3/apply-missing?dryRun=false"))).entityString());
    assertFalse(applied.toString(), applied.get("dryRun").asBoolean());
    assertEquals(2, applied.get("events").asLong());
    List<ProposedEvent> sent = fixture.ledger.calls.stream().skip(callsBefore).flatMap(c -> c.events().stream())
        .toList();
    assertEquals(List.of("t5", "t7"), sent.stream().map(ProposedEvent::idempotencyKey).sorted().toList());
    ProposedEvent t5 = sent.stream().filter(e -> e.idempotencyKey().equals("t5")).findFirst().orElseThrow();
    assertEquals("acc-4", t5.entityKey());
    assertEquals(SOURCE, t5.source());
    assertEquals("5.00", t5.amount().toPlainString());
  }

  @Test
  public void windowTotalsAreComparedPerEntityAndWindow() throws Exception {
    RouteFixture fixture = fixture();
    plantLedger(fixture);
    // acc-1 10:00 holds t1, t2, t9 (t7 retracted): 3 events, 12.50. acc-3 10:00: t8.
    String totals = "entityKey,windowStart,count,amount\n"
        + "acc-1,2026-11-21T10:00:00Z,3,12.50\n"      // matched
        + "acc-3,2026-11-21T10:00:00Z,1,9.00\n"       // mismatch (amount)
        + "acc-4,2026-11-21T10:00:00Z,1,5.00\n"       // missing in Tally
        + "acc-5,2026-11-21T10:00:30Z,1,5.00\n";      // rejected: not the start of a window
    TestRouteResult posted = post(fixture, "id=s4&mode=statement&form=totals&" + PERIOD, totals);
    assertEquals(posted.entityString(), 202, posted.response().status().intValue());
    JsonNode done = awaitDone(fixture, "s4");
    assertEquals(done.toString(), "done", done.get("status").asText());
    assertEquals(Map.of("matched", 1L, "mismatch", 1L, "duplicate_in_statement", 0L, "missing_in_tally", 1L,
        "missing_in_statement", 0L), counts(done.get("statement").get("counts")));
    assertEquals(1, done.get("outcomes").get("rejected").asLong());
    JsonNode mismatch = get(fixture, RouteFixture.READ, "/v1/batches/s4/differences?kind=mismatch")
        .get("differences").get(0);
    assertEquals("acc-3", mismatch.get("entityKey").asText());
    assertEquals(1, mismatch.get("ledgerCount").asLong());
    assertEquals(0, mismatch.get("ledgerAmount").decimalValue().compareTo(new java.math.BigDecimal("8.00")));
    TestRouteResult apply = testRoute(fixture.route).run(RouteFixture.as(RouteFixture.ADMIN,
        HttpRequest.POST("/v1/batches/s4/apply-missing")));
    assertEquals(apply.entityString(), 409, apply.response().status().intValue());
  }

  @Test
  public void aComparedStatementLeavesAReconciliationCheckpoint() throws Exception {
    RouteFixture fixture = fixture();
    plantLedger(fixture);
    post(fixture, "id=s5&mode=statement&" + PERIOD, STATEMENT);
    awaitDone(fixture, "s5");
    JsonNode checkpoints = get(fixture, RouteFixture.READ, "/v1/checkpoints?source=" + SOURCE).get("checkpoints");
    assertEquals(checkpoints.toString(), 1, checkpoints.size());
    JsonNode checkpoint = checkpoints.get(0);
    assertEquals("s5", checkpoint.get("batchId").asText());
    assertEquals("2026-11-21T00:00:00Z", checkpoint.get("periodFrom").asText());
    assertEquals(2, checkpoint.get("result").get("missing_in_statement").asLong());
    assertEquals(4, checkpoint.get("entities").asLong());
    // acc-1, acc-2 (no records of the source: no window), acc-3 and acc-4 in window 10:00.
    assertEquals(3, fixture.checkpoints.windowsOf("acc-1").toCompletableFuture().get().size()
        + fixture.checkpoints.windowsOf("acc-3").toCompletableFuture().get().size()
        + fixture.checkpoints.windowsOf("acc-4").toCompletableFuture().get().size());
  }

  @Test
  public void aStatementThatStoppedWhileReadingResumesAndComparesEveryRow() throws Exception {
    RouteFixture fixture = new RouteFixture(Adapter.toTyped(system()),
        ConfigFactory.parseString("tally.batches.chunk-rows = 2"));
    plantLedger(fixture);
    // The first two chunks (lines 2 to 5) are kept; keeping the third fails: the batch stops after line 5.
    fixture.statements.failKeepAfter(2);
    post(fixture, "id=s6&mode=statement&" + PERIOD, STATEMENT);
    JsonNode failed = awaitDone(fixture, "s6");
    assertEquals(failed.toString(), "failed", failed.get("status").asText());
    assertEquals(5, failed.get("checkpointLine").asLong());

    TestRouteResult again = post(fixture, "id=s6&mode=statement&" + PERIOD, STATEMENT);
    assertEquals(again.entityString(), 202, again.response().status().intValue());
    JsonNode done = awaitDone(fixture, "s6");
    assertEquals(done.toString(), "done", done.get("status").asText());
    assertEquals(7, done.get("rows").asLong());
    // The same report as the statement compared in one go.
    assertEquals(Map.of("matched", 1L, "mismatch", 2L, "duplicate_in_statement", 1L, "missing_in_tally", 2L,
        "missing_in_statement", 2L), counts(done.get("statement").get("counts")));
  }

  @Test
  public void badStatementParametersAreRefusedBeforeTheBody() throws Exception {
    RouteFixture fixture = fixture();
    for (String bad : List.of("mode=statement&form=sums", "form=totals", "mode=compare",
        "mode=statement&form=totals&map.idempotencyKey=txn&map.entityKey=a&map.windowStart=w&map.count=c"
            + "&map.amount=m")) {
      TestRouteResult refused = post(fixture, bad, STATEMENT);
      assertEquals(bad + ": " + refused.entityString(), 400, refused.response().status().intValue());
    }
  }

  private static Map<String, Long> counts(JsonNode counts) {
    Map<String, Long> out = new TreeMap<>();
    counts.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }
}
