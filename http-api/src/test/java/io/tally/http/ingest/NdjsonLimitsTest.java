package io.tally.http.ingest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.NotUsed;
import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.testkit.JUnitRouteTest;
import akka.http.javadsl.testkit.TestRouteResult;
import akka.http.javadsl.model.HttpResponse;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.Test;
import scala.concurrent.duration.FiniteDuration;
import io.tally.http.RouteFixture;
import io.tally.http.RouteSupport;

/** How an NDJSON stream ends when it reaches one of its bounds: always with an error line. */
public class NdjsonLimitsTest extends JUnitRouteTest {

  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public Config additionalConfig() {
    return ConfigFactory.parseString("akka.actor.provider = local");
  }

  @Override
  public FiniteDuration awaitDuration() {
    return FiniteDuration.create(15, java.util.concurrent.TimeUnit.SECONDS);
  }

  private RouteFixture fixture(String settings) {
    return new RouteFixture(Adapter.toTyped(system()), ConfigFactory.parseString(settings));
  }

  private static ByteString line(int i) {
    return ByteString.fromString(EventRoutesTest.event("acc-" + (i % 3), "k" + i, "") + "\n");
  }

  private TestRouteResult stream(RouteFixture fixture, Source<ByteString, ?> body) {
    return testRoute(fixture.route).run(RouteFixture.as(RouteFixture.INGEST,
        HttpRequest.POST("/v1/events").withEntity(HttpEntities.createChunked(RouteSupport.NDJSON, body))));
  }

  private List<JsonNode> lines(TestRouteResult result) {
    return result.entityString().lines().map(l -> {
      try {
        return mapper.readTree(l);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + l, e);
      }
    }).toList();
  }

  @Test
  public void pastMaxEventsTheEventsBeforeAreAnsweredThenOneErrorLine() {
    RouteFixture fixture = fixture("tally.http.limits.max-ndjson-events = 3");
    TestRouteResult result = stream(fixture, Source.range(0, 4).map(NdjsonLimitsTest::line));
    List<JsonNode> lines = lines(result);
    assertEquals(4, lines.size());
    assertEquals(List.of(0, 1, 2), lines.subList(0, 3).stream().map(l -> l.get("index").asInt()).toList());
    assertTrue(lines.subList(0, 3).stream().allMatch(l -> l.get("status").asText().equals("accepted")));
    assertEquals("too_many_events", lines.get(3).get("error").asText());
    assertEquals(3, fixture.ledger.calls.stream().mapToInt(c -> c.events().size()).sum());
  }

  @Test
  public void aStreamWithNoCompleteLineForTheIdleTimeoutIsStopped() {
    RouteFixture fixture = fixture("tally.http.ingest.ndjson-idle-timeout = 300ms");
    // One line, then a trickle of bytes that never completes a line, and no end.
    Source<ByteString, NotUsed> trickle = Source.single(line(0))
        .concat(Source.repeat(ByteString.fromString(" ")).throttle(1, Duration.ofMillis(50)));
    List<JsonNode> lines = lines(stream(fixture, trickle));
    assertEquals("accepted", lines.get(0).get("status").asText());
    JsonNode last = lines.get(lines.size() - 1);
    assertEquals("stream_idle", last.get("error").asText());
    assertTrue(last.get("detail").asText(), last.get("detail").asText().contains("before index 1"));
  }

  @Test
  public void aStreamPastItsMaximumDurationIsStopped() {
    RouteFixture fixture = fixture(
        "tally.http.ingest.ndjson-max-duration = 1s\ntally.http.ingest.ndjson-idle-timeout = 10s");
    Source<ByteString, NotUsed> endless = Source.fromIterator(() -> IntStream.iterate(0, i -> i + 1).iterator())
        .map(NdjsonLimitsTest::line)
        .throttle(1, Duration.ofMillis(50));
    List<JsonNode> lines = lines(stream(fixture, endless));
    JsonNode last = lines.get(lines.size() - 1);
    assertEquals("stream_too_long", last.get("error").asText());
    assertTrue(lines.size() > 1);
  }

  @Test
  public void streamsHoldingTheirPermitsDoNotLockOutJsonIngest() throws Exception {
    RouteFixture fixture = fixture("tally.http.ingest.max-in-flight-streams = 1");
    // Never ends: holds the only stream permit for the rest of the test. (Run as a flow: the route
    // testkit would wait for the end of the answer.)
    HttpResponse open = Source.single(RouteFixture.as(RouteFixture.INGEST, HttpRequest.POST("/v1/events")
            .withEntity(HttpEntities.createChunked(RouteSupport.NDJSON, Source.single(line(0)).concat(Source.maybe())))))
        .via(fixture.route.flow(system()))
        .runWith(Sink.head(), Adapter.toTyped(system()))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(StatusCodes.OK, open.status());
    open.entity().getDataBytes().runWith(Sink.ignore(), Adapter.toTyped(system()));

    TestRouteResult second = stream(fixture, Source.single(line(1)));
    second.assertStatusCode(StatusCodes.TOO_MANY_REQUESTS);
    assertTrue(second.response().getHeader("Retry-After").isPresent());
    testRoute(fixture.route).run(RouteFixture.as(RouteFixture.INGEST, HttpRequest.POST("/v1/events")
            .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, EventRoutesTest.event("acc-9", "j1", "")))))
        .assertStatusCode(StatusCodes.ACCEPTED);
  }
}
