package io.tally.http.ingest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.testkit.JUnitRouteTest;
import akka.http.javadsl.testkit.TestRouteResult;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.http.quarantine.QuarantineEntry;
import io.tally.http.quarantine.RawText;
import io.tally.ledger.IngestOutcome;
import io.tally.projections.metrics.TallyMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.Before;
import org.junit.Test;
import io.tally.http.RouteFixture;
import io.tally.http.RouteSupport;

/**
 * The quarantine through the API's real routes (stub ledger, in-memory quarantine): what POST
 * /v1/events keeps, how GET /v1/quarantine lists it, and re-submission.
 */
public class QuarantineRoutesTest extends JUnitRouteTest {

  private static final Instant TOMBSTONED = Instant.parse("2026-11-20T00:00:00Z");
  private final ObjectMapper mapper = new ObjectMapper();
  private RouteFixture fixture;

  @Override
  public Config additionalConfig() {
    return ConfigFactory.parseString("akka.actor.provider = local");
  }

  @Before
  public void setUp() {
    fixture = new RouteFixture(Adapter.toTyped(system()));
    // The entity's refusals, chosen by idempotency key.
    fixture.ledger.answering(e -> switch (e.idempotencyKey().replaceAll("-.*", "")) {
      case "late" -> IngestOutcome.Rejected.of("eventTime.late: window 2026-11-21T11:59:00Z closed at"
          + " 2026-11-21T11:59:30Z and late-policy is reject", "eventTime");
      case "owner" -> IngestOutcome.Rejected.of("retracts.owner: retracting it would change attribute 'tier',"
          + " owned by source 'crm', not 'token-x'", "retracts");
      case "conflict" -> new IngestOutcome.Conflict("idempotencyKey 'conflict' was already used by event 3 with"
          + " different content");
      case "gone" -> new IngestOutcome.Gone(TOMBSTONED, 4);
      case "dup" -> new IngestOutcome.Duplicate(7);
      default -> new IngestOutcome.Accepted(1, RouteFixture.NOW, RouteFixture.NOW, false);
    });
  }

  @Test
  public void aContractViolationIsKeptWithReasonFieldRawTextAndCaller() throws Exception {
    String body = EventRoutesTest.event("acc-1", "k1", ",\"colour\":\"red\"");
    TestRouteResult result = postJson(RouteFixture.INGEST, body);
    result.assertStatusCode(StatusCodes.UNPROCESSABLE_ENTITY);
    String id = json(result).get("quarantineId").asText();

    JsonNode entry = get(RouteFixture.READ, "/v1/quarantine/" + id, 200);
    assertEquals(id, entry.get("id").asText());
    assertEquals("open", entry.get("status").asText());
    assertEquals("unknown-field", entry.get("reason").asText());
    assertEquals("colour", entry.get("field").asText());
    assertEquals(json(result).get("detail").asText(), entry.get("detail").asText());
    assertEquals("the body exactly as received", body, entry.get("raw").asText());
    assertEquals(body.length(), entry.get("rawBytes").asInt());
    assertFalse(entry.get("rawTruncated").asBoolean());
    assertEquals(RouteFixture.callerId(RouteFixture.INGEST), entry.get("caller").asText());
    assertEquals(0, entry.get("requestIndex").asInt());
    // The reader stopped at the unknown field; the keys are read from the text.
    assertEquals("acc-1", entry.get("entityKey").asText());
    assertEquals("k1", entry.get("idempotencyKey").asText());
    assertTrue(entry.get("quarantinedAt").asText().endsWith("Z"));
    assertEquals(1.0, fixture.metrics.value(TallyMetrics.QUARANTINED, "reason", "unknown-field"), 0.0);
    assertEquals("no invalid event reaches an entity", 0, fixture.ledger.calls.size());
  }

  @Test
  public void theEntitysRefusalsAreKeptByReasonButNotDuplicatesNorAccepted() throws Exception {
    List<String> events = List.of(
        EventRoutesTest.event("acc-1", "late-1", ""),
        EventRoutesTest.event("acc-2", "owner-1", ",\"type\":\"retract\",\"retracts\":\"r0\""),
        EventRoutesTest.event("acc-1", "conflict-1", ",\"amount\":\"1.5\""),
        EventRoutesTest.event("acc-3", "gone-1", ""),
        EventRoutesTest.event("acc-1", "dup-1", ""),
        EventRoutesTest.event("acc-1", "ok-1", ""));
    TestRouteResult result = postJson(RouteFixture.INGEST, "[" + String.join(",", events) + "]");
    result.assertStatusCode(StatusCodes.OK);
    JsonNode results = json(result).get("results");
    String[][] expected = {
        {"rejected", "late", "eventTime"}, {"rejected", "owner", "retracts"},
        {"conflict", "conflict", "idempotencyKey"}, {"gone", "gone", null}};
    for (int i = 0; i < expected.length; i++) {
      JsonNode r = results.get(i);
      assertEquals(expected[i][0], r.get("status").asText());
      JsonNode entry = get(RouteFixture.READ, "/v1/quarantine/" + r.get("quarantineId").asText(), 200);
      assertEquals(expected[i][1], entry.get("reason").asText());
      assertEquals(expected[i][2], entry.has("field") ? entry.get("field").asText() : null);
      assertEquals(i, entry.get("requestIndex").asInt());
      assertEquals("the array element, re-serialised", mapper.readTree(events.get(i)), mapper.readTree(entry.get("raw").asText()));
      assertEquals(RouteFixture.callerId(RouteFixture.INGEST), entry.get("caller").asText());
      assertEquals(r.get("entityKey").asText(), entry.get("entityKey").asText());
      assertEquals(1.0, fixture.metrics.value(TallyMetrics.QUARANTINED, "reason", expected[i][1]), 0.0);
    }
    assertEquals("duplicate", results.get(4).get("status").asText());
    assertEquals("accepted", results.get(5).get("status").asText());
    assertFalse(results.get(4).has("quarantineId"));
    assertFalse(results.get(5).has("quarantineId"));
    assertEquals(4, fixture.quarantine.entries().size());
  }

  @Test
  public void ndjsonLinesAreKeptWithTheLineAsReceived() throws Exception {
    String unknown = EventRoutesTest.event("acc-9", "n2", ",\"colour\":\"red\"");
    String body = EventRoutesTest.event("acc-9", "n1", "") + "\n{broken\n" + unknown + "\n";
    TestRouteResult result = testRoute(fixture.route).run(RouteFixture.as(RouteFixture.INGEST,
        HttpRequest.POST("/v1/events").withEntity(HttpEntities.create(RouteSupport.NDJSON, body))));
    result.assertStatusCode(StatusCodes.OK);
    List<JsonNode> lines = result.entityString().lines().map(this::parse).toList();
    assertFalse(lines.get(0).has("quarantineId"));

    JsonNode broken = get(RouteFixture.READ, "/v1/quarantine/" + lines.get(1).get("quarantineId").asText(), 200);
    assertEquals("malformed_json", broken.get("reason").asText());
    assertEquals("{broken", broken.get("raw").asText());
    assertEquals(1, broken.get("requestIndex").asInt());
    assertFalse("unreadable: no entity", broken.has("entityKey"));

    JsonNode third = get(RouteFixture.READ, "/v1/quarantine/" + lines.get(2).get("quarantineId").asText(), 200);
    assertEquals("unknown-field", third.get("reason").asText());
    assertEquals(unknown, third.get("raw").asText());
    assertEquals("acc-9", third.get("entityKey").asText());
    assertEquals(2, third.get("requestIndex").asInt());
  }

  @Test
  public void acceptedDuplicateAndUnavailableEventsAreNotKept() {
    postJson(RouteFixture.INGEST, EventRoutesTest.event("acc-1", "ok-1", "")).assertStatusCode(StatusCodes.ACCEPTED);
    postJson(RouteFixture.INGEST, EventRoutesTest.event("acc-1", "dup-1", "")).assertStatusCode(StatusCodes.OK);
    fixture.ledger.timingOut();
    postJson(RouteFixture.INGEST, EventRoutesTest.event("acc-1", "k-2", ""))
        .assertStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
    assertEquals(List.of(), fixture.quarantine.entries());
  }

  @Test
  public void aLongEventIsKeptCutWithAMarker() throws Exception {
    // Past max-raw-bytes (512 KiB) in fields within Jackson's string limit (64 Ki characters each).
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      fields.append(",\"colour").append(i).append("\":\"").append("é".repeat(30_000)).append('"');
    }
    String body = EventRoutesTest.event("acc-1", "k1", fields.toString());
    TestRouteResult result = postJson(RouteFixture.INGEST, body);
    result.assertStatusCode(StatusCodes.UNPROCESSABLE_ENTITY);
    JsonNode entry = get(RouteFixture.READ, "/v1/quarantine/" + json(result).get("quarantineId").asText(), 200);
    int received = body.getBytes(StandardCharsets.UTF_8).length;
    assertTrue(entry.get("rawTruncated").asBoolean());
    assertEquals(received, entry.get("rawBytes").asInt());
    String raw = entry.get("raw").asText();
    assertTrue(raw.endsWith(RawText.MARKER + received + "]"));
    assertTrue(body.startsWith(raw.substring(0, raw.indexOf(RawText.MARKER))));
    assertTrue(raw.getBytes(StandardCharsets.UTF_8).length <= 512 * 1024);
  }

  @Test
  public void aFailingQuarantineIsCountedAndNeverFailsTheAnswer() throws Exception {
    fixture.quarantine.failing();
    TestRouteResult result = postJson(RouteFixture.INGEST, EventRoutesTest.event("acc-1", "k1", ",\"colour\":1"));
    result.assertStatusCode(StatusCodes.UNPROCESSABLE_ENTITY);
    assertEquals("rejected", json(result).get("status").asText());
    assertFalse(json(result).has("quarantineId"));
    assertEquals(1.0, fixture.metrics.value(TallyMetrics.QUARANTINE_WRITE_FAILURES), 0.0);
    postJson(RouteFixture.INGEST, EventRoutesTest.event("acc-1", "ok-1", "")).assertStatusCode(StatusCodes.ACCEPTED);
  }

  @Test
  public void theListIsNewestFirstPagedAndFilteredByEntityReasonStatusAndTime() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String entity = i % 2 == 0 ? "acc-a" : "acc-b";
      String key = i % 3 == 0 ? "late-" + i : "k" + i;
      String extra = i % 3 == 0 ? "" : ",\"colour\":1";
      ids.add(json(postJson(RouteFixture.INGEST, EventRoutesTest.event(entity, key, extra))).get("quarantineId").asText());
    }
    List<String> newestFirst = new ArrayList<>(ids);
    java.util.Collections.reverse(newestFirst);

    List<String> paged = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      JsonNode page = get(RouteFixture.READ, "/v1/quarantine?limit=3" + (token == null ? "" : "&pageToken=" + token), 200);
      assertTrue(page.get("items").size() <= 3);
      page.get("items").forEach(item -> paged.add(item.get("id").asText()));
      token = page.has("nextPageToken") ? page.get("nextPageToken").asText() : null;
      pages++;
    } while (token != null && pages < 10);
    assertEquals(newestFirst, paged);
    assertEquals(3, pages);

    assertEquals(List.of(ids.get(6), ids.get(4), ids.get(2), ids.get(0)), idsOf("/v1/quarantine?entity=acc-a"));
    assertEquals(List.of(ids.get(6), ids.get(3), ids.get(0)), idsOf("/v1/quarantine?reason=late"));
    assertEquals(List.of(ids.get(4), ids.get(2)), idsOf("/v1/quarantine?entity=acc-a&reason=unknown-field"));

    Map<String, Instant> at = new java.util.HashMap<>();
    fixture.quarantine.entries().forEach(e -> at.put(e.id().toString(), e.quarantinedAt()));
    Instant pivot = at.get(ids.get(3));
    assertEquals(newestFirst.stream().filter(id -> !at.get(id).isBefore(pivot)).toList(),
        idsOf("/v1/quarantine?from=" + pivot));
    assertEquals(newestFirst.stream().filter(id -> at.get(id).isBefore(pivot)).toList(),
        idsOf("/v1/quarantine?to=" + pivot));

    resubmit(RouteFixture.INGEST, ids.get(1), EventRoutesTest.event("acc-b", "k1", ""))
        .assertStatusCode(StatusCodes.ACCEPTED);
    assertEquals(List.of(ids.get(1)), idsOf("/v1/quarantine?status=resolved"));
    assertEquals(newestFirst.stream().filter(id -> !id.equals(ids.get(1))).toList(),
        idsOf("/v1/quarantine?status=open"));
  }

  @Test
  public void badParametersAre400NamingTheParameter() throws Exception {
    String v4 = Base64.getUrlEncoder().withoutPadding().encodeToString(("q1:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
    String[][] cases = {
        {"limit=0", "limit"}, {"limit=ten", "limit"}, {"limit=1001", "limit"},
        {"entity=", "entity"}, {"entity=" + "e".repeat(201), "entity"},
        {"reason=Not+A+Code", "reason"}, {"status=closed", "status"},
        {"from=yesterday", "from"}, {"to=2026-13-01T00:00:00Z", "to"},
        {"from=2026-11-21T12:00:00Z&to=2026-11-21T11:00:00Z", "to"},
        {"pageToken=garbage", "pageToken"}, {"pageToken=" + v4, "pageToken"}};
    for (String[] c : cases) {
      TestRouteResult result = testRoute(fixture.route)
          .run(RouteFixture.as(RouteFixture.READ, HttpRequest.GET("/v1/quarantine?" + c[0])));
      result.assertStatusCode(StatusCodes.BAD_REQUEST);
      JsonNode body = json(result);
      assertEquals(c[0], "bad_request", body.get("error").asText());
      assertEquals(c[0], c[1], body.get("field").asText());
    }
    assertEquals("id", get(RouteFixture.READ, "/v1/quarantine/not-a-uuid", 400).get("field").asText());
    assertEquals("id", get(RouteFixture.READ, "/v1/quarantine/" + UUID.randomUUID(), 400).get("field").asText());
    assertEquals("not_found", get(RouteFixture.READ, "/v1/quarantine/" + Uuids.timeBased(), 404).get("error").asText());
    resubmit(RouteFixture.INGEST, "not-a-uuid", EventRoutesTest.event("a", "k", "")).assertStatusCode(StatusCodes.BAD_REQUEST);
    resubmit(RouteFixture.INGEST, Uuids.timeBased().toString(), EventRoutesTest.event("a", "k", ""))
        .assertStatusCode(StatusCodes.NOT_FOUND);
  }

  @Test
  public void anAcceptedResubmissionResolvesTheEntryOnce() throws Exception {
    String id = json(postJson(RouteFixture.INGEST, EventRoutesTest.event("acc-1", "k1", ",\"colour\":\"red\"")))
        .get("quarantineId").asText();

    TestRouteResult result = resubmit(RouteFixture.INGEST, id, EventRoutesTest.event("acc-1", "k1", ""));
    result.assertStatusCode(StatusCodes.ACCEPTED);
    JsonNode body = json(result);
    assertEquals("accepted", body.get("result").get("status").asText());
    assertFalse(body.get("result").has("quarantineId"));
    JsonNode entry = body.get("entry");
    assertEquals("resolved", entry.get("status").asText());
    assertEquals(RouteFixture.callerId(RouteFixture.INGEST), entry.get("resolvedBy").asText());
    assertEquals("k1", entry.get("resolvedIdempotencyKey").asText());
    assertEquals(RouteFixture.NOW.toString(), entry.get("resolvedAt").asText());
    assertEquals("the corrected event went to the entity", 1, fixture.ledger.calls.size());

    JsonNode stored = get(RouteFixture.READ, "/v1/quarantine/" + id, 200);
    assertEquals("resolved", stored.get("status").asText());
    assertEquals("the audit trail keeps the original", "unknown-field", stored.get("reason").asText());

    TestRouteResult again = resubmit(RouteFixture.INGEST, id, EventRoutesTest.event("acc-1", "k1", ""));
    again.assertStatusCode(StatusCodes.CONFLICT);
    assertEquals("already_resolved", json(again).get("error").asText());
    assertEquals(1.0, fixture.metrics.value(TallyMetrics.QUARANTINE_RESUBMISSIONS, "outcome", "accepted"), 0.0);
  }

  @Test
  public void aDuplicateResubmissionResolvesTheEntryToo() throws Exception {
    String id = json(postJson(RouteFixture.INGEST, EventRoutesTest.event("acc-1", "conflict-1", "")))
        .get("quarantineId").asText();
    TestRouteResult result = resubmit(RouteFixture.ADMIN, id, EventRoutesTest.event("acc-1", "dup-1", ""));
    result.assertStatusCode(StatusCodes.OK);
    assertEquals("duplicate", json(result).get("result").get("status").asText());
    assertEquals("resolved", json(result).get("entry").get("status").asText());
    assertEquals("dup-1", json(result).get("entry").get("resolvedIdempotencyKey").asText());
  }

  @Test
  public void aResubmissionRefusedAgainIsKeptAsANewEntryAndTheOriginalStaysOpen() throws Exception {
    String id = json(postJson(RouteFixture.INGEST, EventRoutesTest.event("acc-1", "k1", ",\"colour\":\"red\"")))
        .get("quarantineId").asText();

    TestRouteResult result = resubmit(RouteFixture.INGEST, id, EventRoutesTest.event("acc-1", "late-1", ""));
    result.assertStatusCode(StatusCodes.UNPROCESSABLE_ENTITY);
    JsonNode body = json(result);
    assertEquals("rejected", body.get("result").get("status").asText());
    String again = body.get("result").get("quarantineId").asText();
    assertNotEquals(id, again);
    assertEquals("open", body.get("entry").get("status").asText());
    assertEquals("open", get(RouteFixture.READ, "/v1/quarantine/" + id, 200).get("status").asText());
    JsonNode second = get(RouteFixture.READ, "/v1/quarantine/" + again, 200);
    assertEquals("late", second.get("reason").asText());
    assertEquals(EventRoutesTest.event("acc-1", "late-1", ""), second.get("raw").asText());
    assertEquals(1.0, fixture.metrics.value(TallyMetrics.QUARANTINE_RESUBMISSIONS, "outcome", "rejected"), 0.0);

    // A contract violation on re-submission is refused the same way, before any entity.
    TestRouteResult invalid = resubmit(RouteFixture.INGEST, id, EventRoutesTest.event("acc 1", "k1", ""));
    invalid.assertStatusCode(StatusCodes.UNPROCESSABLE_ENTITY);
    assertEquals("charset", get(RouteFixture.READ, "/v1/quarantine/"
        + json(invalid).get("result").get("quarantineId").asText(), 200).get("reason").asText());
    assertEquals(3, fixture.quarantine.entries().size());
  }

  @Test
  public void aResubmissionMustBeOneJsonEvent() throws Exception {
    String id = json(postJson(RouteFixture.INGEST, EventRoutesTest.event("acc-1", "k1", ",\"colour\":1")))
        .get("quarantineId").asText();
    TestRouteResult array = resubmit(RouteFixture.INGEST, id, "[" + EventRoutesTest.event("acc-1", "k1", "") + "]");
    array.assertStatusCode(StatusCodes.BAD_REQUEST);
    assertEquals("$", json(array).get("field").asText());
    assertEquals("malformed_json", json(resubmit(RouteFixture.INGEST, id, "{\"entityKey\":")).get("error").asText());
    testRoute(fixture.route).run(RouteFixture.as(RouteFixture.INGEST, HttpRequest.POST("/v1/quarantine/" + id + "/resubmit")
            .withEntity(HttpEntities.create(RouteSupport.NDJSON, EventRoutesTest.event("acc-1", "k1", "")))))
        .assertStatusCode(StatusCodes.UNSUPPORTED_MEDIA_TYPE);
    assertEquals("open", fixture.quarantine.entries().stream().filter(e -> e.id().toString().equals(id))
        .map(QuarantineEntry::status).findFirst().orElseThrow().wireName());
  }

  @Test
  public void listingNeedsReadAndResubmittingNeedsIngest() throws Exception {
    String id = json(postJson(RouteFixture.INGEST, EventRoutesTest.event("acc-1", "k1", ",\"colour\":1")))
        .get("quarantineId").asText();
    get(RouteFixture.INGEST, "/v1/quarantine", 403);
    get(RouteFixture.INGEST, "/v1/quarantine/" + id, 403);
    resubmit(RouteFixture.READ, id, EventRoutesTest.event("acc-1", "k1", "")).assertStatusCode(StatusCodes.FORBIDDEN);
    testRoute(fixture.route).run(HttpRequest.GET("/v1/quarantine")).assertStatusCode(StatusCodes.UNAUTHORIZED);
    assertNull(fixture.quarantine.entries().get(0).resolution().orElse(null));
  }

  private List<String> idsOf(String uri) throws Exception {
    List<String> ids = new ArrayList<>();
    get(RouteFixture.READ, uri, 200).get("items").forEach(item -> ids.add(item.get("id").asText()));
    return ids;
  }

  private TestRouteResult postJson(String token, String body) {
    return testRoute(fixture.route).run(RouteFixture.as(token,
        HttpRequest.POST("/v1/events").withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body))));
  }

  private TestRouteResult resubmit(String token, String id, String body) {
    return testRoute(fixture.route).run(RouteFixture.as(token, HttpRequest.POST("/v1/quarantine/" + id + "/resubmit")
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body))));
  }

  private JsonNode get(String token, String uri, int status) throws Exception {
    TestRouteResult result = testRoute(fixture.route).run(RouteFixture.as(token, HttpRequest.GET(uri)));
    assertEquals(result.entityString(), status, result.response().status().intValue());
    return json(result);
  }

  private JsonNode json(TestRouteResult result) throws Exception {
    return mapper.readTree(result.entityString());
  }

  private JsonNode parse(String line) {
    try {
      return mapper.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
