package io.tally.http.read;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.testkit.JUnitRouteTest;
import akka.http.javadsl.testkit.TestRouteResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.ledger.AttributeValue;
import io.tally.ledger.EventRecorded;
import io.tally.ledger.LedgerCounts;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.WindowAggregate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.Before;
import org.junit.Test;
import io.tally.http.RouteFixture;

public class EntityRoutesTest extends JUnitRouteTest {

  private static final Instant T = Instant.parse("2026-11-21T11:00:00Z");
  private final ObjectMapper mapper = new ObjectMapper();
  private final List<String> historyKeys = new ArrayList<>();
  private RouteFixture fixture;

  @Override
  public Config additionalConfig() {
    return ConfigFactory.parseString("akka.actor.provider = local");
  }

  @Before
  public void setUp() {
    EntityHistory history = (key, from, limit) -> {
      historyKeys.add(key);
      List<EntityHistory.Entry> entries = new ArrayList<>();
      for (long seq = from; seq < from + limit && seq <= 5; seq++) {
        entries.add(new EntityHistory.Entry(seq, new EventRecorded(key, "k" + seq, T, T.plusMillis(seq), T,
            false, new BigDecimal("1.10"), Map.of("tier", AttributeValue.text("gold")), Optional.empty(),
            "crm", "prev" + seq, "hash" + seq)));
      }
      return CompletableFuture.completedFuture(entries);
    };
    fixture = new RouteFixture(Adapter.toTyped(system()), history);
    fixture.ledger.withState(new LedgerSummary("acc/1", new BigDecimal("10.000000000000000001"),
        new LedgerCounts(3, 3, 0, 1, 0, 0), 2, Map.of("tier", AttributeValue.text("gold"),
            "limit", AttributeValue.number(new BigDecimal("1E+3"))),
        false, Optional.empty(), Map.of(), 3, "abc", T, 0, 3,
        List.of(new WindowAggregate(T, 3, new BigDecimal("10.000000000000000001"), -1L, 1, 0))));
  }

  private TestRouteResult get(String token, String uri) {
    return testRoute(fixture.route).run(RouteFixture.as(token, HttpRequest.GET(uri)));
  }

  @Test
  public void stateShowsExactDecimalsAndWindows() throws Exception {
    TestRouteResult result = get(RouteFixture.READ, "/v1/entities/acc%2F1");
    result.assertStatusCode(StatusCodes.OK);
    JsonNode body = mapper.readTree(result.entityString());
    assertEquals("10.000000000000000001", body.get("balance").asText());
    assertEquals("1000", body.get("attributes").get("limit").toString());
    assertEquals("gold", body.get("attributes").get("tier").asText());
    assertEquals(2, body.get("counts").get("duplicatesSeen").asLong());
    assertEquals("ffffffffffffffff", body.get("windows").get(0).get("digest").asText());
    assertFalse(body.get("deleted").asBoolean());
  }

  @Test
  public void eventsArePagedWithTheNextCursor() throws Exception {
    TestRouteResult first = get(RouteFixture.ADMIN, "/v1/entities/acc-1/events?limit=2");
    first.assertStatusCode(StatusCodes.OK);
    JsonNode page = mapper.readTree(first.entityString());
    assertEquals(2, page.get("events").size());
    assertEquals("record", page.get("events").get(0).get("kind").asText());
    assertEquals("hash1", page.get("events").get(0).get("hash").asText());
    assertEquals(3, page.get("nextFrom").asLong());

    JsonNode last = mapper.readTree(get(RouteFixture.READ, "/v1/entities/acc-1/events?from=5&limit=2").entityString());
    assertEquals(1, last.get("events").size());
    assertTrue(last.get("nextFrom") == null);
    assertEquals(List.of("acc-1", "acc-1"), historyKeys);
  }

  @Test
  public void badPagingAndKeysAre400NamingTheParameter() throws Exception {
    for (String[] c : new String[][] {
        {"/v1/entities/acc-1/events?from=0", "from"},
        {"/v1/entities/acc-1/events?limit=100000", "limit"},
        {"/v1/entities/acc-1/events?limit=x", "limit"},
        {"/v1/entities/acc%201", "entityKey"},
        {"/v1/entities/acc%2F..%2Fadmin", "entityKey"},
        {"/v1/entities/acc%2F%2F1", "entityKey"},
        {"/v1/entities/" + "a".repeat(201), "entityKey"}}) {
      TestRouteResult result = get(RouteFixture.READ, c[0]);
      result.assertStatusCode(StatusCodes.BAD_REQUEST);
      assertEquals(c[0], c[1], mapper.readTree(result.entityString()).get("field").asText());
    }
  }

  @Test
  public void readingNeedsTheReadScope() throws Exception {
    get(RouteFixture.INGEST, "/v1/entities/acc-1").assertStatusCode(StatusCodes.FORBIDDEN);
    testRoute(fixture.route).run(HttpRequest.GET("/v1/entities/acc-1")).assertStatusCode(StatusCodes.UNAUTHORIZED);
  }

  @Test
  public void asOfReplaysTheJournalUpToThatIngestionInstant() throws Exception {
    fixture.journal.record("acc-1", "k1", T.plusSeconds(1), "10")
        .record("acc-1", "k2", T.plusSeconds(2), "5")
        .retract("acc-1", "r1", T.plusSeconds(3), "k2");
    JsonNode before = mapper.readTree(get(RouteFixture.READ, "/v1/entities/acc-1?asOf=" + T.plusSeconds(2)).entityString());
    assertEquals("15", before.get("balance").asText());
    assertEquals(2, before.get("lastSeqNr").asLong());
    TestRouteResult after = get(RouteFixture.READ, "/v1/entities/acc-1?asOf=" + T.plusSeconds(3));
    after.assertStatusCode(StatusCodes.OK);
    JsonNode body = mapper.readTree(after.entityString());
    assertEquals("10", body.get("balance").asText());
    assertEquals(1, body.get("counts").get("retracted").asLong());
    assertEquals("the live ledger is not asked", 0, mapper.readTree(
        get(RouteFixture.READ, "/v1/entities/acc-1?asOf=" + T).entityString()).get("lastSeqNr").asLong());
  }

  @Test
  public void anAsOfReplayPastItsEventBoundIs422AndPastTheReplaysAtOnceIs429() throws Exception {
    RouteFixture bounded = new RouteFixture(Adapter.toTyped(system()),
        ConfigFactory.parseString("tally.http.limits.max-replay-events = 2"));
    bounded.journal.record("acc-1", "k1", T.plusSeconds(1), "10")
        .record("acc-1", "k2", T.plusSeconds(2), "5")
        .record("acc-1", "k3", T.plusSeconds(3), "1");
    TestRouteResult within = testRoute(bounded.route).run(
        RouteFixture.as(RouteFixture.READ, HttpRequest.GET("/v1/entities/acc-1?asOf=" + T.plusSeconds(2))));
    within.assertStatusCode(StatusCodes.OK);
    assertEquals("15", mapper.readTree(within.entityString()).get("balance").asText());
    TestRouteResult past = testRoute(bounded.route).run(
        RouteFixture.as(RouteFixture.READ, HttpRequest.GET("/v1/entities/acc-1?asOf=" + T.plusSeconds(3))));
    past.assertStatusCode(StatusCodes.UNPROCESSABLE_ENTITY);
    JsonNode body = mapper.readTree(past.entityString());
    assertEquals("replay_too_long", body.get("error").asText());
    assertEquals("asOf", body.get("field").asText());

    RouteFixture none = new RouteFixture(Adapter.toTyped(system()),
        ConfigFactory.parseString("tally.http.limits.max-concurrent-replays = 0"));
    TestRouteResult busy = testRoute(none.route).run(
        RouteFixture.as(RouteFixture.READ, HttpRequest.GET("/v1/entities/acc-1?asOf=" + T.plusSeconds(2))));
    busy.assertStatusCode(StatusCodes.TOO_MANY_REQUESTS);
    assertTrue(busy.response().getHeader("Retry-After").isPresent());
  }

  @Test
  public void aBadAsOfIs400NamingTheField() throws Exception {
    TestRouteResult result = get(RouteFixture.READ, "/v1/entities/acc-1?asOf=yesterday");
    result.assertStatusCode(StatusCodes.BAD_REQUEST);
    JsonNode body = mapper.readTree(result.entityString());
    assertEquals("asOf", body.get("field").asText());
    assertTrue(body.get("detail").asText().contains("ISO-8601"));
  }

  @Test
  public void ledgerTimeoutIs503() {
    fixture.ledger.timingOut();
    TestRouteResult result = get(RouteFixture.READ, "/v1/entities/acc-1");
    result.assertStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
    assertTrue(result.response().getHeader("Retry-After").isPresent());
  }
}
