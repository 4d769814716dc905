package io.tally.http.ingest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.testkit.JUnitRouteTest;
import akka.http.javadsl.testkit.TestRouteResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.ledger.IngestOutcome;
import io.tally.projections.metrics.TallyMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.Before;
import org.junit.Test;
import io.tally.http.RouteFixture;
import io.tally.http.StubLedger;
import io.tally.http.RouteSupport;

public class EventRoutesTest extends JUnitRouteTest {

  private static final String EVENT_TIME = "2026-11-21T11:59:00Z";
  private final ObjectMapper mapper = new ObjectMapper();
  private RouteFixture fixture;

  @Override
  public Config additionalConfig() {
    return ConfigFactory.parseString("akka.actor.provider = local");
  }

  @Before
  public void setUp() {
    fixture = new RouteFixture(Adapter.toTyped(system()));
  }

  public static String event(String entity, String key, String extra) {
    return "{\"entityKey\":\"" + entity + "\",\"idempotencyKey\":\"" + key + "\",\"eventTime\":\""
        + EVENT_TIME + "\"" + extra + "}";
  }

  private TestRouteResult post(String token, String body) {
    return testRoute(fixture.route).run(RouteFixture.as(token,
        HttpRequest.POST("/v1/events").withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body))));
  }

  private JsonNode json(TestRouteResult result) throws Exception {
    return mapper.readTree(result.entityString());
  }

  @Test
  public void acceptedEventIs202WithItsSequenceNumberAndWindow() throws Exception {
    TestRouteResult result = post(RouteFixture.INGEST, event("acc-1", "k1", ",\"amount\":\"12.50\""));
    result.assertStatusCode(StatusCodes.ACCEPTED);
    JsonNode body = json(result);
    assertEquals("accepted", body.get("status").asText());
    assertEquals(1, body.get("seqNr").asLong());
    assertEquals(1, fixture.ledger.calls.size());
    assertEquals("12.50", fixture.ledger.calls.get(0).events().get(0).amount().toPlainString());
  }

  @Test
  public void whileCassandraIsUnreachableIngestAndEntityReadsAre503AndNoEntityIsAsked() throws Exception {
    fixture.storeUnreachable.set(true);
    TestRouteResult ingest = post(RouteFixture.INGEST, event("acc-1", "k1", ",\"amount\":\"1\""));
    ingest.assertStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
    ingest.assertHeaderExists("Retry-After", "1");
    assertEquals("store_unavailable", json(ingest).get("error").asText());
    TestRouteResult read = testRoute(fixture.route).run(RouteFixture.as(RouteFixture.READ,
        HttpRequest.GET("/v1/entities/acc-1")));
    read.assertStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
    assertEquals("store_unavailable", json(read).get("error").asText());
    assertEquals("no entity asked", 0, fixture.ledger.calls.size());
    assertEquals(2.0, fixture.metrics.value(TallyMetrics.INGEST_REFUSED, "bound", "store_unavailable"), 0.0);
    // Routes that do not wake entities still answer, and unknown paths are still 404.
    testRoute(fixture.route).run(RouteFixture.as(RouteFixture.READ,
            HttpRequest.GET("/v1/windows?entity=acc-1&from=2026-11-21T10:59:30Z&to=2026-11-21T11:05:00Z")))
        .assertStatusCode(StatusCodes.OK);
    testRoute(fixture.route).run(HttpRequest.GET("/v1/nothing-here")).assertStatusCode(StatusCodes.NOT_FOUND);

    fixture.storeUnreachable.set(false);
    post(RouteFixture.INGEST, event("acc-1", "k1", ",\"amount\":\"1\"")).assertStatusCode(StatusCodes.ACCEPTED);
  }

  @Test
  public void sourceIsTheCallersTokenName() {
    post(RouteFixture.INGEST, event("acc-1", "k1", "")).assertStatusCode(StatusCodes.ACCEPTED);
    post(RouteFixture.INGEST, event("acc-1", "k2", ",\"source\":\"" + RouteFixture.PRODUCER + "\""))
        .assertStatusCode(StatusCodes.ACCEPTED);
    assertEquals(RouteFixture.PRODUCER, fixture.ledger.calls.get(0).events().get(0).source());
    assertEquals(RouteFixture.PRODUCER, fixture.ledger.calls.get(1).events().get(0).source());
  }

  @Test
  public void keysWithDotSegmentsOrHiddenCharactersAre422NamingTheField() throws Exception {
    TestRouteResult dots = post(RouteFixture.INGEST, event("acc/../admin", "k1", ""));
    dots.assertStatusCode(StatusCodes.UNPROCESSABLE_ENTITY);
    assertEquals("entityKey", json(dots).get("field").asText());
    TestRouteResult bidi = post(RouteFixture.INGEST, event("acc-1", "pay\u202Egnp.exe", ""));
    bidi.assertStatusCode(StatusCodes.UNPROCESSABLE_ENTITY);
    assertEquals("idempotencyKey", json(bidi).get("field").asText());
    assertTrue(fixture.ledger.calls.isEmpty());
  }

  @Test
  public void anIngestTokenCannotClaimAnotherSource() throws Exception {
    // Before named tokens, any ingest token could write as an attribute's owning source.
    TestRouteResult result = post(RouteFixture.INGEST, event("acc-1", "k1", ",\"source\":\"crm\""));
    result.assertStatusCode(StatusCodes.UNPROCESSABLE_ENTITY);
    JsonNode body = json(result);
    assertEquals("source", body.get("field").asText());
    assertTrue(body.get("detail").asText(), body.get("detail").asText().contains("relay"));
    assertTrue(fixture.ledger.calls.isEmpty());
  }

  @Test
  public void aRelayTokenNamesTheSourceItForwards() {
    post(RouteFixture.RELAY, event("acc-1", "k1", ",\"source\":\"crm\"")).assertStatusCode(StatusCodes.ACCEPTED);
    post(RouteFixture.RELAY, event("acc-1", "k2", "")).assertStatusCode(StatusCodes.ACCEPTED);
    assertEquals("crm", fixture.ledger.calls.get(0).events().get(0).source());
    assertEquals(RouteFixture.GATEWAY, fixture.ledger.calls.get(1).events().get(0).source());
  }

  @Test
  public void duplicateIs200WithTheOriginalSequenceNumber() throws Exception {
    fixture.ledger.answering(e -> new IngestOutcome.Duplicate(7));
    TestRouteResult result = post(RouteFixture.INGEST, event("acc-1", "k1", ""));
    result.assertStatusCode(StatusCodes.OK);
    assertEquals(7, json(result).get("originalSeqNr").asLong());
  }

  @Test
  public void conflictIs409WithTheReason() throws Exception {
    fixture.ledger.answering(e -> new IngestOutcome.Conflict("key k1 was used with other content"));
    TestRouteResult result = post(RouteFixture.INGEST, event("acc-1", "k1", ""));
    result.assertStatusCode(StatusCodes.CONFLICT);
    JsonNode body = json(result);
    assertEquals("conflict", body.get("error").asText());
    assertEquals("key k1 was used with other content", body.get("detail").asText());
  }

  @Test
  public void goneIs410() throws Exception {
    fixture.ledger.answering(e -> new IngestOutcome.Gone(Instant.parse("2026-11-20T00:00:00Z"), 4));
    TestRouteResult result = post(RouteFixture.INGEST, event("acc-1", "k1", ""));
    result.assertStatusCode(StatusCodes.GONE);
    assertEquals("gone", json(result).get("error").asText());
  }

  @Test
  public void entityRejectionIs422NamingTheField() throws Exception {
    fixture.ledger.answering(e -> IngestOutcome.Rejected.of("eventTime.late: too late", "eventTime"));
    TestRouteResult result = post(RouteFixture.INGEST, event("acc-1", "k1", ""));
    result.assertStatusCode(StatusCodes.UNPROCESSABLE_ENTITY);
    assertEquals("eventTime", json(result).get("field").asText());
  }

  @Test
  public void ledgerTimeoutIs503WithRetryAfter() throws Exception {
    fixture.ledger.timingOut();
    TestRouteResult result = post(RouteFixture.INGEST, event("acc-1", "k1", ""));
    result.assertStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
    assertEquals("unavailable", json(result).get("status").asText());
    assertTrue(result.response().getHeader("Retry-After").isPresent());
  }

  @Test
  public void contractViolationsAre422NamingFieldAndReachNoEntity() throws Exception {
    List<String[]> cases = List.of(
        new String[] {event("acc-1", "k1", ",\"colour\":\"red\""), "colour"},
        new String[] {event("acc 1", "k1", ""), "entityKey"},
        new String[] {event("acc-\u00e9", "k1", ""), "entityKey"},
        new String[] {event("acc-1", "k1", ",\"amount\":\"NaN\""), "amount"},
        new String[] {event("acc-1", "k1", ",\"amount\":1e400"), "amount"},
        new String[] {event("acc-1", "k1", ",\"amount\":true"), "amount"},
        // Huge exponents: rejected from precision and scale, never expanded (nor a 500).
        new String[] {event("acc-1", "k1", ",\"amount\":\"1e100000000\""), "amount"},
        new String[] {event("acc-1", "k1", ",\"amount\":\"1e99999999999\""), "amount"},
        new String[] {event("acc-1", "k1", ",\"attributes\":{\"n\":1e10000}"), "attributes.n"},
        new String[] {event("acc-1", "k1", ",\"amount\":\"0.1234567890123456789\""), "amount"},
        new String[] {event("acc-1", "k1", ",\"sequence\":\"3\""), "sequence"},
        new String[] {event("acc-1", "k1", ",\"sequence\":0"), "sequence"},
        new String[] {event("acc-1", "k1", ",\"type\":\"delete\""), "type"},
        new String[] {event("acc-1", "k1", ",\"type\":\"retract\""), "retracts"},
        new String[] {event("acc-1", "k1", ",\"schemaVersion\":2"), "schemaVersion"},
        new String[] {event("acc-1", "k1", ",\"attributes\":{\"a\":{\"b\":1}}"), "attributes.a"},
        new String[] {"{\"entityKey\":\"acc-1\",\"idempotencyKey\":\"k1\",\"eventTime\":\"2026-11-21T12:10:00Z\"}", "eventTime"},
        new String[] {"{\"entityKey\":\"acc-1\",\"idempotencyKey\":\"k1\",\"eventTime\":\"yesterday\"}", "eventTime"},
        new String[] {"{\"entityKey\":\"acc-1\",\"eventTime\":\"" + EVENT_TIME + "\"}", "idempotencyKey"},
        new String[] {"{\"entityKey\":7,\"idempotencyKey\":\"k1\",\"eventTime\":\"" + EVENT_TIME + "\"}", "entityKey"},
        new String[] {"\"just a string\"", "$"});
    for (String[] c : cases) {
      TestRouteResult result = post(RouteFixture.INGEST, c[0]);
      result.assertStatusCode(StatusCodes.UNPROCESSABLE_ENTITY);
      JsonNode body = json(result);
      assertEquals(c[0], "rejected", body.get("error").asText());
      assertEquals(c[0], c[1], body.get("field").asText());
      assertTrue(c[0], body.get("detail").asText().length() > 0);
    }
    assertEquals("no invalid event reaches an entity", 0, fixture.ledger.calls.size());
  }

  @Test
  public void malformedJsonIs400() throws Exception {
    for (String bad : List.of("{\"entityKey\":", "{\"amount\":NaN}", "{} {}", "", "{\"a\":1,\"a\":2}")) {
      TestRouteResult result = post(RouteFixture.INGEST, bad);
      result.assertStatusCode(StatusCodes.BAD_REQUEST);
      assertEquals(bad, "malformed_json", json(result).get("error").asText());
    }
    assertEquals(0, fixture.ledger.calls.size());
  }

  /**
   * Regression (found by EventInputProperties): Jackson 2.15 throws a bare NumberFormatException,
   * not a JsonProcessingException, for a number token whose exponent does not fit a BigDecimal
   * scale; it escaped the reader and was answered 500 (and ended an NDJSON stream).
   */
  @Test
  public void numbersWhoseExponentDoesNotFitAreMalformedJsonNotServerErrors() throws Exception {
    for (String bad : List.of(
        event("acc-1", "k1", ",\"amount\":0e999999999999"),
        event("acc-1", "k1", ",\"amount\":1e-2147483648"),
        event("acc-1", "k1", ",\"attributes\":{\"n\":1.0e-2147483647}"),
        event("acc-1", "k1", ",\"sequence\":1e-99999999999"),
        "0e-999999999999",
        "[" + event("acc-1", "k1", "") + ",0e2200000000]")) {
      TestRouteResult result = post(RouteFixture.INGEST, bad);
      result.assertStatusCode(StatusCodes.BAD_REQUEST);
      assertEquals(bad, "malformed_json", json(result).get("error").asText());
      assertTrue(bad, json(result).get("detail").asText().contains("out of range"));
    }
    String ndjson = event("a", "a1", ",\"amount\":0e999999999999") + "\n" + event("a", "a2", "");
    TestRouteResult result = testRoute(fixture.route).run(RouteFixture.as(RouteFixture.INGEST,
        HttpRequest.POST("/v1/events").withEntity(HttpEntities.create(RouteSupport.NDJSON, ndjson))));
    List<JsonNode> lines = result.entityString().lines().map(this::parse).toList();
    assertEquals(List.of("rejected", "accepted"), lines.stream().map(l -> l.get("status").asText()).toList());
    assertEquals(1, fixture.ledger.calls.size());
  }

  /**
   * Regression (found by EventInputProperties): an amount string was parsed whatever its length,
   * and BigDecimal parsing is quadratic (64 Ki digits: 60 ms and more, per event of a batch).
   * Amount strings are now held to max-number-length (64), the longest a JSON number amount may
   * be; every amount the contract accepts fits.
   */
  @Test
  public void amountStringsAreAtMostAsLongAsAJsonNumber() throws Exception {
    String longest = "0." + "0".repeat(57) + "1e+58"; // 64 characters: the amount 1
    assertEquals(64, longest.length());
    post(RouteFixture.INGEST, event("acc-1", "k1", ",\"amount\":\" " + longest + " \""))
        .assertStatusCode(StatusCodes.ACCEPTED);
    assertEquals(0, fixture.ledger.calls.get(0).events().get(0).amount().compareTo(java.math.BigDecimal.ONE));

    for (String tooLong : List.of("0." + "0".repeat(58) + "1e+59", "1" + "7".repeat(65_535))) {
      TestRouteResult result = post(RouteFixture.INGEST, event("acc-1", "k2", ",\"amount\":\"" + tooLong + "\""));
      result.assertStatusCode(StatusCodes.UNPROCESSABLE_ENTITY);
      assertEquals("amount", json(result).get("field").asText());
      assertTrue(json(result).get("detail").asText().startsWith("amount.length: amount must be at most 64 characters"));
    }
    assertEquals(1, fixture.ledger.calls.size());
  }

  /**
   * Regression (found by EventInputProperties): an attribute string holding half of a surrogate
   * pair (a lone JSON escape such as \\ud800) passed the contract, but has no UTF-8 form: the
   * ledger's jackson-cbor serializer refuses it, so the event could be neither sent to its entity
   * on another node nor persisted (the entity would fail and the client get 503 on every retry).
   */
  @Test
  public void attributeTextWithHalfASurrogatePairIsRefused() throws Exception {
    for (String text : List.of("a\\ud800b", "\\udc00", "x\\ud83d", "\\ude00\\ud83d")) {
      TestRouteResult result = post(RouteFixture.INGEST,
          event("acc-1", "k1", ",\"attributes\":{\"note\":\"" + text + "\"}"));
      result.assertStatusCode(StatusCodes.UNPROCESSABLE_ENTITY);
      assertEquals(text, "attributes.note", json(result).get("field").asText());
      assertTrue(text, json(result).get("detail").asText().startsWith("attributes.note.unicode:"));
    }
    assertEquals(0, fixture.ledger.calls.size());

    post(RouteFixture.INGEST, event("acc-1", "k1", ",\"attributes\":{\"note\":\"\\ud83d\\ude00 \\u0000 ok\"}"))
        .assertStatusCode(StatusCodes.ACCEPTED);
    assertEquals("\ud83d\ude00 \u0000 ok",
        fixture.ledger.calls.get(0).events().get(0).attributes().get("note").value());
  }

  @Test
  public void deeplyNestedJsonIsRefusedBeforeParsing() throws Exception {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    TestRouteResult result = post(RouteFixture.INGEST, deep);
    result.assertStatusCode(StatusCodes.BAD_REQUEST);
    assertEquals("too_deep", json(result).get("error").asText());
  }

  @Test
  public void oversizedBodyIs413() throws Exception {
    String big = "[" + (event("acc-1", "k", ",\"attributes\":{\"pad\":\"" + "x".repeat(60_000) + "\"}") + ",").repeat(150) + "]";
    TestRouteResult result = post(RouteFixture.INGEST, big);
    assertEquals(result.entityString(), 413, result.response().status().intValue());
    assertEquals("payload_too_large", json(result).get("error").asText());
    assertEquals(0, fixture.ledger.calls.size());
  }

  @Test
  public void unsupportedMediaTypeIs415() throws Exception {
    TestRouteResult result = testRoute(fixture.route).run(RouteFixture.as(RouteFixture.INGEST,
        HttpRequest.POST("/v1/events").withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, "hello"))));
    result.assertStatusCode(StatusCodes.UNSUPPORTED_MEDIA_TYPE);
    assertEquals("unsupported_media_type", json(result).get("error").asText());
  }

  @Test
  public void missingOrUnknownTokenIs401AndWrongScopeIs403() throws Exception {
    TestRouteResult none = testRoute(fixture.route).run(
        HttpRequest.POST("/v1/events").withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, event("a", "k", ""))));
    none.assertStatusCode(StatusCodes.UNAUTHORIZED);
    assertTrue(none.response().getHeader("WWW-Authenticate").isPresent());
    assertEquals("unauthorized", json(none).get("error").asText());

    post("not-a-known-token-at-all", event("a", "k", "")).assertStatusCode(StatusCodes.UNAUTHORIZED);

    TestRouteResult readOnly = post(RouteFixture.READ, event("a", "k", ""));
    readOnly.assertStatusCode(StatusCodes.FORBIDDEN);
    assertTrue(json(readOnly).get("detail").asText().contains("ingest"));

    post(RouteFixture.ADMIN, event("a", "k", "")).assertStatusCode(StatusCodes.ACCEPTED);
    assertEquals("only the admin request reached the ledger", 1, fixture.ledger.calls.size());
  }

  @Test
  public void eventsThatOpenAProducerSequenceGapAreCounted() throws Exception {
    fixture.ledger.answering(e -> new IngestOutcome.Accepted(2, Instant.parse("2026-11-21T12:00:00Z"),
        Instant.parse("2026-11-21T11:59:00Z"), false, e.idempotencyKey().startsWith("gap")));
    String body = "[" + String.join(",", event("a", "gap-1", ""), event("b", "b1", ""), event("c", "gap-2", "")) + "]";
    post(RouteFixture.INGEST, body).assertStatusCode(StatusCodes.OK);
    assertEquals(2.0, fixture.metrics.value("tally_producer_sequence_gaps_total"), 0.0);
  }

  @Test
  public void batchAnswersInInputOrderAndSendsEachEntityOneCommand() throws Exception {
    fixture.ledger.answering(e -> e.idempotencyKey().startsWith("dup")
        ? new IngestOutcome.Duplicate(1)
        : new IngestOutcome.Accepted(2, Instant.parse("2026-11-21T12:00:00Z"), Instant.parse("2026-11-21T11:59:00Z"), false));
    String body = "[" + String.join(",",
        event("a", "a1", ""), event("b", "b1", ""), event("a", "dup-a2", ""),
        event("bad key", "x", ""), event("b", "b2", ""), event("a", "a3", "")) + "]";
    TestRouteResult result = post(RouteFixture.INGEST, body);
    result.assertStatusCode(StatusCodes.OK);
    JsonNode results = json(result).get("results");
    assertEquals(6, results.size());
    String[] expected = {"accepted", "accepted", "duplicate", "rejected", "accepted", "accepted"};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(i, results.get(i).get("index").asInt());
      assertEquals("item " + i, expected[i], results.get(i).get("status").asText());
    }
    assertEquals(4, json(result).get("counts").get("accepted").asInt());
    assertEquals(2, fixture.ledger.calls.size());
    StubLedger.Call a = fixture.ledger.calls.stream().filter(c -> c.entityKey().equals("a")).findFirst().orElseThrow();
    assertEquals(List.of("a1", "dup-a2", "a3"), a.events().stream().map(e -> e.idempotencyKey()).toList());
  }

  @Test
  public void batchLimitsAreEnforced() throws Exception {
    post(RouteFixture.INGEST, "[]").assertStatusCode(StatusCodes.BAD_REQUEST);
    String tooMany = "[" + String.join(",", java.util.Collections.nCopies(10_001, "{}")) + "]";
    TestRouteResult result = post(RouteFixture.INGEST, tooMany);
    result.assertStatusCode(StatusCodes.PAYLOAD_TOO_LARGE);
    assertEquals("batch_too_large", json(result).get("error").asText());
  }

  @Test
  public void ndjsonStreamsOneResultLinePerEventInOrder() throws Exception {
    String body = event("a", "a1", "") + "\n" + "{broken\n" + "\n" + event("b", "b1", "") + "\n" + event("a", "a2", "");
    TestRouteResult result = testRoute(fixture.route).run(RouteFixture.as(RouteFixture.INGEST,
        HttpRequest.POST("/v1/events").withEntity(HttpEntities.create(RouteSupport.NDJSON, body))));
    result.assertStatusCode(StatusCodes.OK).assertMediaType("application/x-ndjson");
    List<JsonNode> lines = result.entityString().lines().map(this::parse).toList();
    assertEquals(4, lines.size());
    assertEquals(List.of("accepted", "rejected", "accepted", "accepted"),
        lines.stream().map(l -> l.get("status").asText()).toList());
    assertEquals(List.of(0, 1, 2, 3), lines.stream().map(l -> l.get("index").asInt()).toList());
  }

  @Test
  public void ndjsonLineOverTheLimitEndsTheStreamWithAnErrorLine() throws Exception {
    String body = event("a", "a1", "") + "\n" + "x".repeat(600_000) + "\n" + event("a", "a2", "");
    TestRouteResult result = testRoute(fixture.route).run(RouteFixture.as(RouteFixture.INGEST,
        HttpRequest.POST("/v1/events").withEntity(HttpEntities.create(RouteSupport.NDJSON, body))));
    List<JsonNode> lines = result.entityString().lines().map(this::parse).toList();
    assertEquals("line_too_long", lines.get(lines.size() - 1).get("error").asText());
    assertTrue(lines.stream().noneMatch(l -> "a2".equals(Optional.ofNullable(l.get("idempotencyKey")).map(JsonNode::asText).orElse(""))));
  }

  private JsonNode parse(String line) {
    try {
      return mapper.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
