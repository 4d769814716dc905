package io.tally.http.cdc;

import static io.tally.http.cdc.Changes.account;
import static io.tally.http.cdc.Changes.postgres;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.testkit.JUnitRouteTest;
import akka.http.javadsl.testkit.TestRouteResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.http.RouteFixture;
import io.tally.http.quarantine.QuarantineEntry;
import io.tally.ledger.AttributeValue;
import io.tally.ledger.EventType;
import io.tally.ledger.IngestOutcome;
import io.tally.ledger.ProposedEvent;
import io.tally.projections.metrics.TallyMetrics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * {@code POST /v1/cdc/debezium} through the API's real routes over a stub ledger: what Debezium
 * Server's HTTP sink posts becomes the expected ledger event, a change posted twice is one key,
 * bad and skipped changes are answered (and the bad ones quarantined) without stopping the sink.
 */
public class CdcRoutesTest extends JUnitRouteTest {

  @Override
  public Config additionalConfig() {
    return ConfigFactory.parseString("akka.actor.provider = local");
  }

  private RouteFixture fixture(String overrides) {
    return new RouteFixture(Adapter.toTyped(system()),
        ConfigFactory.parseString(overrides).withFallback(Changes.TABLES));
  }

  private TestRouteResult post(RouteFixture fixture, String token, JsonNode body) {
    return post(fixture, token, body.toString());
  }

  private TestRouteResult post(RouteFixture fixture, String token, String body) {
    return testRoute(fixture.route).run(RouteFixture.as(token, HttpRequest.POST("/v1/cdc/debezium")
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body))));
  }

  private static JsonNode json(TestRouteResult result) throws Exception {
    return Changes.MAPPER.readTree(result.entityString());
  }

  @Test
  public void aDebeziumEnvelopeBecomesTheExpectedLedgerEvent() throws Exception {
    RouteFixture fixture = fixture("");
    TestRouteResult result = post(fixture, RouteFixture.INGEST,
        Changes.withSchema(postgres("c", 1000, null, account(42, "100.50", "EUR"))));
    result.assertStatusCode(StatusCodes.ACCEPTED);
    JsonNode body = json(result);
    assertEquals("accepted", body.get("status").asText());
    assertEquals("c", body.get("op").asText());
    assertEquals("shop.public.accounts", body.get("table").asText());
    assertEquals("account/42", body.get("event").get("entityKey").asText());
    assertEquals(1, fixture.ledger.calls.size());
    ProposedEvent sent = fixture.ledger.calls.get(0).events().get(0);
    assertEquals(new ProposedEvent("account/42", body.get("event").get("idempotencyKey").asText(), EventType.RECORD,
        Changes.CHANGED_AT, null, new BigDecimal("100.50"), Map.of("currency", AttributeValue.text("EUR")), null,
        RouteFixture.PRODUCER, null), sent);
    assertEquals(1.0, fixture.metrics.value(TallyMetrics.CDC_CHANGES, "op", "c", "outcome", "accepted"), 0.0);
  }

  @Test
  public void theSameEnvelopePostedTwiceIsTheSameIdempotencyKey() throws Exception {
    RouteFixture fixture = fixture("");
    ObjectNode change = postgres("u", 1001, account(42, "100.50", "EUR"), account(42, "80.25", "EUR"));
    post(fixture, RouteFixture.INGEST, change).assertStatusCode(StatusCodes.ACCEPTED);
    fixture.ledger.answering(e -> new IngestOutcome.Duplicate(1));
    TestRouteResult again = post(fixture, RouteFixture.INGEST, change);
    again.assertStatusCode(StatusCodes.OK);
    assertEquals("duplicate", json(again).get("status").asText());
    assertEquals(2, fixture.ledger.calls.size());
    ProposedEvent first = fixture.ledger.calls.get(0).events().get(0);
    assertEquals(first, fixture.ledger.calls.get(1).events().get(0));
    assertEquals(new BigDecimal("-20.25"), first.amount());
  }

  @Test
  public void aBadChangeIsRejectedWith200SoThatTheSinkGoesOnAndIsQuarantined() throws Exception {
    RouteFixture fixture = fixture("");
    TestRouteResult result = post(fixture, RouteFixture.INGEST,
        postgres("invoices", "c", 1, null, account(1, "1", "EUR")));
    result.assertStatusCode(StatusCodes.OK);
    JsonNode body = json(result);
    assertEquals("rejected", body.get("status").asText());
    JsonNode event = body.get("event");
    assertEquals("source.table", event.get("field").asText());
    assertTrue(event.get("detail").asText(), event.get("detail").asText().contains("not mapped"));
    assertTrue(fixture.ledger.calls.isEmpty());
    List<QuarantineEntry> kept = fixture.quarantine.entries();
    assertEquals(1, kept.size());
    assertEquals(event.get("quarantineId").asText(), kept.get(0).id().toString());
    assertEquals("unmapped", kept.get(0).reason());
    assertTrue("the envelope as received", kept.get(0).raw().text().contains("\"invoices\""));
    assertEquals(1.0, fixture.metrics.value(TallyMetrics.CDC_CHANGES, "op", "c", "outcome", "rejected"), 0.0);
  }

  @Test
  public void withRefusalsHaltARefusedChangeIsAnsweredWithItsOwnStatus() throws Exception {
    RouteFixture fixture = fixture("tally.cdc.refusals = halt");
    TestRouteResult rejected = post(fixture, RouteFixture.INGEST,
        postgres("c", 1, null, account(1, "not a number", "EUR")));
    rejected.assertStatusCode(StatusCodes.UNPROCESSABLE_ENTITY);
    assertEquals("after.balance", json(rejected).get("event").get("field").asText());
    fixture.ledger.answering(e -> new IngestOutcome.Gone(Instant.parse("2026-11-20T00:00:00Z"), 3));
    post(fixture, RouteFixture.INGEST, postgres("c", 2, null, account(1, "1", "EUR")))
        .assertStatusCode(StatusCodes.GONE);
  }

  @Test
  public void theContractStillAppliesToAMappedEvent() throws Exception {
    RouteFixture fixture = fixture("");
    ObjectNode future = postgres("c", 1, null, account(1, "1", "EUR"));
    ((ObjectNode) future.get("source")).put("ts_ms", RouteFixture.NOW.plusSeconds(3600).toEpochMilli());
    JsonNode body = json(post(fixture, RouteFixture.INGEST, future));
    assertEquals("rejected", body.get("status").asText());
    assertEquals("eventTime", body.get("event").get("field").asText());
    assertTrue(fixture.ledger.calls.isEmpty());
  }

  @Test
  public void aTableNamingAnotherSourceNeedsARelayToken() throws Exception {
    RouteFixture fixture = fixture("");
    ObjectNode row = Changes.MAPPER.createObjectNode().put("id", 5);
    JsonNode refused = json(post(fixture, RouteFixture.INGEST, postgres("imported", "c", 1, null, row)));
    assertEquals("rejected", refused.get("status").asText());
    assertEquals("source", refused.get("event").get("field").asText());
    assertTrue(refused.get("event").get("detail").asText().contains("relay"));
    post(fixture, RouteFixture.RELAY, postgres("imported", "c", 1, null, row)).assertStatusCode(StatusCodes.ACCEPTED);
    assertEquals("erp", fixture.ledger.calls.get(0).events().get(0).source());
  }

  @Test
  public void anArrayIsAnsweredWithCountsAndOneResultPerChangeSkippedOnesIncluded() throws Exception {
    RouteFixture fixture = fixture("");
    ArrayNode changes = Changes.MAPPER.createArrayNode();
    changes.add(postgres("c", 1, null, account(1, "10", "EUR")));
    changes.add(postgres("t", 2, null, null));
    changes.add(Changes.MAPPER.createObjectNode().put("ts_ms", 1));
    changes.add(postgres("x", 3, null, account(1, "10", "EUR")));
    changes.add(postgres("d", 4, account(1, "10", "EUR"), null));
    TestRouteResult result = post(fixture, RouteFixture.INGEST, changes);
    result.assertStatusCode(StatusCodes.OK);
    JsonNode body = json(result);
    assertEquals(2, body.get("counts").get("accepted").asLong());
    assertEquals(2, body.get("counts").get("skipped").asLong());
    assertEquals(1, body.get("counts").get("rejected").asLong());
    JsonNode results = body.get("results");
    assertEquals(5, results.size());
    assertEquals("truncate", results.get(1).get("reason").asText());
    assertEquals("t", results.get(1).get("op").asText());
    assertEquals("heartbeat", results.get(2).get("reason").asText());
    assertFalse("a message without op has none", results.get(2).has("op"));
    assertEquals("op", results.get(3).get("event").get("field").asText());
    assertEquals(4, results.get(4).get("index").asLong());
    assertEquals("one command for the entity, in order", 1, fixture.ledger.calls.size());
    assertEquals(List.of(EventType.RECORD, EventType.TOMBSTONE),
        fixture.ledger.calls.get(0).events().stream().map(ProposedEvent::type).toList());
    assertEquals(1.0, fixture.metrics.value(TallyMetrics.CDC_CHANGES, "op", "t", "outcome", "skipped"), 0.0);
    assertEquals(1.0, fixture.metrics.value(TallyMetrics.CDC_CHANGES, "op", "none", "outcome", "skipped"), 0.0);
    assertEquals(1.0, fixture.metrics.value(TallyMetrics.CDC_CHANGES, "op", "d", "outcome", "accepted"), 0.0);
  }

  @Test
  public void aSkippedSingleChangeIs200AndAsksNoEntity() throws Exception {
    RouteFixture fixture = fixture("");
    TestRouteResult result = post(fixture, RouteFixture.INGEST, postgres("t", 2, null, null));
    result.assertStatusCode(StatusCodes.OK);
    assertEquals("skipped", json(result).get("status").asText());
    assertTrue(fixture.ledger.calls.isEmpty());
    assertTrue(fixture.quarantine.entries().isEmpty());
  }

  @Test
  public void anUnansweredChangeIs503WithRetryAfter() throws Exception {
    RouteFixture fixture = fixture("");
    fixture.ledger.timingOut();
    TestRouteResult result = post(fixture, RouteFixture.INGEST, postgres("c", 1, null, account(1, "1", "EUR")));
    result.assertStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
    result.assertHeaderExists("Retry-After", "1");
    assertEquals("unavailable", json(result).get("status").asText());
  }

  @Test
  public void bodiesThatAreNotChangeEventsAreClear4xx() throws Exception {
    RouteFixture fixture = fixture("tally.cdc.limits.max-changes-per-request = 2");
    TestRouteResult malformed = post(fixture, RouteFixture.INGEST, "{\"op\":");
    malformed.assertStatusCode(StatusCodes.BAD_REQUEST);
    assertEquals("malformed_json", json(malformed).get("error").asText());
    TestRouteResult empty = post(fixture, RouteFixture.INGEST, "[]");
    empty.assertStatusCode(StatusCodes.BAD_REQUEST);
    assertEquals("empty_batch", json(empty).get("error").asText());
    TestRouteResult many = post(fixture, RouteFixture.INGEST, "[{},{},{}]");
    many.assertStatusCode(StatusCodes.PAYLOAD_TOO_LARGE);
    assertTrue(json(many).get("detail").asText().contains("max-changes-per-request"));
    TestRouteResult deep = post(fixture, RouteFixture.INGEST, "[".repeat(40) + "]".repeat(40));
    deep.assertStatusCode(StatusCodes.BAD_REQUEST);
    assertEquals("too_deep", json(deep).get("error").asText());
    TestRouteResult cloudEvents = testRoute(fixture.route).run(RouteFixture.as(RouteFixture.INGEST,
        HttpRequest.POST("/v1/cdc/debezium").withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, "{}"))));
    cloudEvents.assertStatusCode(StatusCodes.UNSUPPORTED_MEDIA_TYPE);
    assertTrue(json(cloudEvents).get("detail").asText().contains("debezium.format.value"));
    post(fixture, RouteFixture.READ, postgres("c", 1, null, account(1, "1", "EUR")))
        .assertStatusCode(StatusCodes.FORBIDDEN);
    assertTrue(fixture.ledger.calls.isEmpty());
  }

  @Test
  public void whileCassandraIsUnreachableAChangeIs503AndNoEntityIsAsked() throws Exception {
    RouteFixture fixture = fixture("");
    fixture.storeUnreachable.set(true);
    TestRouteResult result = post(fixture, RouteFixture.INGEST, postgres("c", 1, null, account(1, "1", "EUR")));
    result.assertStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
    assertEquals("store_unavailable", json(result).get("error").asText());
    assertTrue(fixture.ledger.calls.isEmpty());
  }
}
