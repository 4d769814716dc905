package io.tally.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.testkit.JUnitRouteTest;
import akka.http.javadsl.testkit.TestRouteResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.http.ingest.EventRoutesTest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.Before;
import org.junit.Test;

/** X-Request-Id: taken when safe, generated otherwise, on every response and carried to the ledger. */
public class RequestIdTest extends JUnitRouteTest {

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

  @Test
  public void aGivenIdComesBackOnASuccessAndReachesTheLedger() {
    TestRouteResult result = ingest(Optional.of("req-42.a:b/c+d=e@f_g"), EventRoutesTest.event("acc-1", "k1", ""));

    result.assertStatusCode(StatusCodes.ACCEPTED);
    result.assertHeaderExists(RequestId.HEADER, "req-42.a:b/c+d=e@f_g");
    assertEquals(List.of(Optional.of("req-42.a:b/c+d=e@f_g")), fixture.ledger.requestIds);
  }

  @Test
  public void aGivenIdComesBackOnErrorsInTheHeaderAndTheBody() throws Exception {
    TestRouteResult malformed = ingest(Optional.of("req-400"), "{not json");
    malformed.assertStatusCode(StatusCodes.BAD_REQUEST);
    malformed.assertHeaderExists(RequestId.HEADER, "req-400");
    assertEquals("req-400", mapper.readTree(malformed.entityString()).get("requestId").asText());

    TestRouteResult unknown = testRoute(fixture.route).run(
        HttpRequest.GET("/v1/nowhere").addHeader(RawHeader.create(RequestId.HEADER, "req-404")));
    unknown.assertStatusCode(StatusCodes.NOT_FOUND);
    unknown.assertHeaderExists(RequestId.HEADER, "req-404");
    assertEquals("req-404", mapper.readTree(unknown.entityString()).get("requestId").asText());

    TestRouteResult unauthenticated = testRoute(fixture.route).run(HttpRequest.POST("/v1/events")
        .addHeader(RawHeader.create(RequestId.HEADER, "req-401")));
    unauthenticated.assertStatusCode(StatusCodes.UNAUTHORIZED);
    unauthenticated.assertHeaderExists(RequestId.HEADER, "req-401");
    assertEquals("req-401", mapper.readTree(unauthenticated.entityString()).get("requestId").asText());
  }

  @Test
  public void withoutAnIdOneIsGeneratedAndUsedForTheLedgerToo() {
    TestRouteResult result = ingest(Optional.empty(), EventRoutesTest.event("acc-1", "k1", ""));

    String generated = result.response().getHeader(RequestId.HEADER).orElseThrow().value();
    assertEquals(generated, UUID.fromString(generated).toString());
    assertEquals(List.of(Optional.of(generated)), fixture.ledger.requestIds);
  }

  @Test
  public void anUnsafeOrOversizedIdIsReplacedByAGeneratedOne() {
    String longest = "x".repeat(RequestId.MAX_LENGTH);
    assertEquals(Optional.of(new RequestId(longest)), RequestId.fromHeader(longest));
    for (String unsafe : List.of("x".repeat(RequestId.MAX_LENGTH + 1), "two words", "quote\"d", "tab\tbed",
        "json{}", "percent%0A", "ünïcode", "")) {
      assertEquals(unsafe, Optional.empty(), RequestId.fromHeader(unsafe));
    }

    TestRouteResult result = ingest(Optional.of("x".repeat(RequestId.MAX_LENGTH + 1)),
        EventRoutesTest.event("acc-1", "k1", ""));

    result.assertStatusCode(StatusCodes.ACCEPTED);
    String used = result.response().getHeader(RequestId.HEADER).orElseThrow().value();
    assertNotEquals("x".repeat(RequestId.MAX_LENGTH + 1), used);
    assertEquals(used, UUID.fromString(used).toString());
    assertEquals(List.of(Optional.of(used)), fixture.ledger.requestIds);
  }

  @Test
  public void aResponseCarriesExactlyOneId() {
    TestRouteResult result = testRoute(fixture.route).run(HttpRequest.GET("/health/alive")
        .addHeader(RawHeader.create(RequestId.HEADER, "first"))
        .addHeader(RawHeader.create(RequestId.HEADER, "second")));

    result.assertStatusCode(StatusCodes.OK);
    long ids = java.util.stream.StreamSupport.stream(result.response().getHeaders().spliterator(), false)
        .filter(h -> h.is(RequestId.HEADER.toLowerCase(java.util.Locale.ROOT))).count();
    assertEquals(1, ids);
    assertTrue(List.of("first", "second").contains(result.response().getHeader(RequestId.HEADER).orElseThrow().value()));
    assertFalse(result.entityString().contains("requestId"));
    assertTrue(result.entityString().contains("alive"));
  }

  private TestRouteResult ingest(Optional<String> requestId, String body) {
    HttpRequest request = RouteFixture.as(RouteFixture.INGEST,
        HttpRequest.POST("/v1/events").withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body)));
    return testRoute(fixture.route).run(
        requestId.map(id -> request.addHeader(RawHeader.create(RequestId.HEADER, id))).orElse(request));
  }
}
