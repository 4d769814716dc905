package io.tally.http.read;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.NotUsed;
import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.testkit.JUnitRouteTest;
import akka.http.javadsl.testkit.TestRouteResult;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.testkit.javadsl.TestKit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.ledger.EntityKeyRule;
import io.tally.ledger.EventRecorded;
import io.tally.ledger.LedgerEventHandler;
import io.tally.ledger.LedgerSettings;
import io.tally.projections.audit.AuditRuns;
import io.tally.projections.audit.AuditSettings;
import io.tally.projections.audit.Auditor;
import io.tally.ledger.journal.JournalEntry;
import io.tally.ledger.journal.JournalReader;
import io.tally.projections.audit.WindowViewCheck;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Test;
import io.tally.http.ApiJson;
import io.tally.http.HttpSettings;
import io.tally.http.RouteFixture;
import io.tally.http.RouteSupport;
import io.tally.http.auth.ApiTokens;
import io.tally.http.auth.BearerAuth;

public class AuditRoutesTest extends JUnitRouteTest {

  private static final Instant T = Instant.parse("2026-11-21T11:00:00Z");
  private final ObjectMapper mapper = new ObjectMapper();
  private RouteFixture fixture;

  @Override
  public Config additionalConfig() {
    return ConfigFactory.parseString("akka.actor.provider = local");
  }

  @Before
  public void setUp() {
    fixture = new RouteFixture(Adapter.toTyped(system()));
    fixture.journal.record("acc-1", "k1", T.plusSeconds(1), "1")
        .record("acc-1", "k2", T.plusSeconds(2), "2")
        .record("acc-1", "k3", T.plusSeconds(3), "3")
        .record("acc-2", "k1", T.plusSeconds(1), "1");
  }

  private TestRouteResult run(String token, HttpRequest request) {
    return testRoute(fixture.route).run(RouteFixture.as(token, request));
  }

  private List<JsonNode> lines(TestRouteResult result) throws Exception {
    List<JsonNode> lines = new java.util.ArrayList<>();
    for (String line : result.entityString().split("\n")) {
      lines.add(mapper.readTree(line));
    }
    return lines;
  }

  @Test
  public void eventsStreamAsNdjsonEachVerified() throws Exception {
    TestRouteResult result = run(RouteFixture.READ, HttpRequest.GET("/v1/audit/entities/acc-1/events"));
    result.assertStatusCode(StatusCodes.OK);
    assertEquals("application/x-ndjson", result.response().entity().getContentType().mediaType().toString());
    List<JsonNode> lines = lines(result);
    assertEquals(3, lines.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(i + 1, lines.get(i).get("seqNr").asLong());
      assertEquals("ok", lines.get(i).get("chain").asText());
      assertEquals(0, lines.get(i).get("problems").size());
      assertEquals("k" + (i + 1), lines.get(i).get("event").get("idempotencyKey").asText());
    }
  }

  @Test
  public void aTamperedEventIsMarkedBrokenWithItsKind() throws Exception {
    fixture.journal.tamper("acc-1", 2, e -> {
      EventRecorded r = (EventRecorded) e;
      return new EventRecorded(r.entityKey(), r.idempotencyKey(), r.eventTime(), r.ingestedAt(), r.windowStart(),
          r.late(), new BigDecimal("2000"), r.attributes(), r.sequence(), r.source(), r.prevHash(), r.hash());
    });
    List<JsonNode> lines = lines(run(RouteFixture.READ, HttpRequest.GET("/v1/audit/entities/acc-1/events")));
    assertEquals("ok", lines.get(0).get("chain").asText());
    assertEquals("broken", lines.get(1).get("chain").asText());
    assertEquals("hash-mismatch", lines.get(1).get("problems").get(0).get("kind").asText());
    assertEquals("ok", lines.get(2).get("chain").asText());
  }

  @Test
  public void eventsNeedReadScopeAndAValidKey() throws Exception {
    run(RouteFixture.INGEST, HttpRequest.GET("/v1/audit/entities/acc-1/events")).assertStatusCode(StatusCodes.FORBIDDEN);
    testRoute(fixture.route).run(HttpRequest.GET("/v1/audit/entities/acc-1/events")).assertStatusCode(StatusCodes.UNAUTHORIZED);
    TestRouteResult bad = run(RouteFixture.READ, HttpRequest.GET("/v1/audit/entities/bad%20key/events"));
    bad.assertStatusCode(StatusCodes.BAD_REQUEST);
    assertEquals("entityKey", mapper.readTree(bad.entityString()).get("field").asText());
  }

  @Test
  public void aRunIsStartedThenReportsCleanWithProgress() throws Exception {
    TestRouteResult started = run(RouteFixture.ADMIN, HttpRequest.POST("/v1/audit/runs")
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"fromKey\":\"acc-1\",\"toKey\":\"acc-2\"}")));
    started.assertStatusCode(StatusCodes.ACCEPTED);
    String id = mapper.readTree(started.entityString()).get("id").asText();
    assertEquals("/v1/audit/runs/" + id, started.response().getHeader("Location").orElseThrow().value());
    new TestKit(system()).awaitAssert(Duration.ofSeconds(10), () -> {
      JsonNode status = statusOf(id);
      assertEquals("completed", status.get("state").asText());
      assertEquals(1, status.get("report").get("entitiesChecked").asLong());
      assertEquals(3, status.get("report").get("eventsChecked").asLong());
      assertEquals(3, status.get("progress").get("eventsChecked").asLong());
      assertEquals(0, status.get("report").get("findings").size());
      return null;
    });
  }

  @Test
  public void theNodesRunsAreListedNewestFirstWithTheirProgress() throws Exception {
    String first = startedRun();
    new TestKit(system()).awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals("completed", statusOf(first).get("state").asText());
      return null;
    });
    String second = startedRun();
    TestRouteResult listed = run(RouteFixture.ADMIN, HttpRequest.GET("/v1/audit/runs"));
    listed.assertStatusCode(StatusCodes.OK);
    JsonNode runs = mapper.readTree(listed.entityString()).get("runs");
    assertEquals(2, runs.size());
    assertEquals(second, runs.get(0).get("id").asText());
    assertEquals(first, runs.get(1).get("id").asText());
    assertEquals("completed", runs.get(1).get("state").asText());
    assertEquals(3, runs.get(1).get("progress").get("eventsChecked").asLong());
    run(RouteFixture.READ, HttpRequest.GET("/v1/audit/runs")).assertStatusCode(StatusCodes.FORBIDDEN);
  }

  private String startedRun() throws java.io.IOException {
    TestRouteResult started = run(RouteFixture.ADMIN, HttpRequest.POST("/v1/audit/runs")
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"fromKey\":\"acc-1\",\"toKey\":\"acc-2\"}")));
    started.assertStatusCode(StatusCodes.ACCEPTED);
    return mapper.readTree(started.entityString()).get("id").asText();
  }

  @Test
  public void aRunFindsTheTamperedEntityAndSeqNr() throws Exception {
    fixture.journal.tamper("acc-2", 1, e -> e.withChain(e.prevHash(), "00".repeat(32)));
    TestRouteResult started = run(RouteFixture.ADMIN, HttpRequest.POST("/v1/audit/runs"));
    started.assertStatusCode(StatusCodes.ACCEPTED);
    String id = mapper.readTree(started.entityString()).get("id").asText();
    new TestKit(system()).awaitAssert(Duration.ofSeconds(10), () -> {
      JsonNode report = statusOf(id).get("report");
      assertTrue("report present", report != null);
      JsonNode finding = report.get("findings").get(0);
      assertEquals("acc-2", finding.get("entityKey").asText());
      assertEquals(1, finding.get("seqNr").asLong());
      assertEquals("hash-mismatch", finding.get("kind").asText());
      return null;
    });
  }

  private JsonNode statusOf(String id) {
    TestRouteResult result = run(RouteFixture.ADMIN, HttpRequest.GET("/v1/audit/runs/" + id));
    result.assertStatusCode(StatusCodes.OK);
    try {
      return mapper.readTree(result.entityString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  public void auditStreamsPastTheLimitAre429UntilOneEnds() throws Exception {
    RouteFixture one = new RouteFixture(Adapter.toTyped(system()),
        ConfigFactory.parseString("tally.http.limits.max-concurrent-audit-streams = 1"));
    one.journal.record("acc-1", "k1", T.plusSeconds(1), "1");
    HttpRequest stream = RouteFixture.as(RouteFixture.READ, HttpRequest.GET("/v1/audit/entities/acc-1/events"));
    // Taken by a response not read yet: its stream holds the only permit.
    HttpResponse held = Source.single(stream).via(one.route.flow(system()))
        .runWith(Sink.head(), Adapter.toTyped(system())).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(StatusCodes.OK, held.status());
    TestRouteResult refused = testRoute(one.route).run(stream);
    refused.assertStatusCode(StatusCodes.TOO_MANY_REQUESTS);
    assertTrue(refused.response().getHeader("Retry-After").isPresent());

    held.entity().getDataBytes().runWith(Sink.ignore(), Adapter.toTyped(system())).toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    // The permit comes back when the stream ends.
    new TestKit(system()).awaitAssert(Duration.ofSeconds(5), () -> {
      testRoute(one.route).run(stream).assertStatusCode(StatusCodes.OK);
      return null;
    });
  }

  @Test
  public void runsNeedAdminAndValidRanges() throws Exception {
    run(RouteFixture.READ, HttpRequest.POST("/v1/audit/runs")).assertStatusCode(StatusCodes.FORBIDDEN);
    TestRouteResult badSince = run(RouteFixture.ADMIN, HttpRequest.POST("/v1/audit/runs")
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"since\":\"last week\"}")));
    badSince.assertStatusCode(StatusCodes.BAD_REQUEST);
    assertEquals("since", mapper.readTree(badSince.entityString()).get("field").asText());
    TestRouteResult badRange = run(RouteFixture.ADMIN, HttpRequest.POST("/v1/audit/runs")
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"fromKey\":\"b\",\"toKey\":\"a\"}")));
    assertEquals("toKey", mapper.readTree(badRange.entityString()).get("field").asText());
    run(RouteFixture.ADMIN, HttpRequest.POST("/v1/audit/runs")
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"bogus\":1}")))
        .assertStatusCode(StatusCodes.BAD_REQUEST);
    run(RouteFixture.ADMIN, HttpRequest.GET("/v1/audit/runs/nope")).assertStatusCode(StatusCodes.NOT_FOUND);
  }

  @Test
  public void aSecondRunWhileOneIsRunningIs409() {
    JournalReader endless = new JournalReader() {
      @Override
      public Source<JournalEntry, NotUsed> events(String entityKey) {
        return Source.empty();
      }

      @Override
      public Source<String, NotUsed> entityKeys() {
        return Source.<String>never().mapMaterializedValue(m -> NotUsed.getInstance());
      }
    };
    var typed = Adapter.toTyped(system());
    Auditor auditor = new Auditor(endless, new LedgerEventHandler(LedgerSettings.create(ConfigFactory.load())),
        List.of(), WindowViewCheck.NONE, AuditSettings.create(ConfigFactory.load()), Clock.systemUTC(), typed);
    ApiJson json = ApiJson.create(typed);
    Route route = new AuditRoutes(auditor, new AuditRuns(auditor, Clock.systemUTC()),
        new BearerAuth(ApiTokens.parse(RouteFixture.ADMIN + "=admin"), json), new RouteSupport(json, new EntityKeyRule(200)),
        new ReadAdmission(HttpSettings.fromConfig(ConfigFactory.load()).limits()), java.time.Duration.ofSeconds(1), typed)
        .routes();
    testRoute(route).run(RouteFixture.as(RouteFixture.ADMIN, HttpRequest.POST("/audit/runs")))
        .assertStatusCode(StatusCodes.ACCEPTED);
    testRoute(route).run(RouteFixture.as(RouteFixture.ADMIN, HttpRequest.POST("/audit/runs")))
        .assertStatusCode(StatusCodes.CONFLICT);
  }
}
