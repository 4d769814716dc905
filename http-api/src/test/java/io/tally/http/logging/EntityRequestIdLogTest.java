package io.tally.http.logging;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.AskPattern;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.testkit.JUnitRouteTest;
import akka.http.javadsl.testkit.TestRouteResult;
import akka.pattern.StatusReply;
import akka.persistence.testkit.PersistenceTestKitPlugin;
import akka.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.http.RequestId;
import io.tally.http.RouteFixture;
import io.tally.http.ingest.EventRoutesTest;
import io.tally.ledger.IngestOutcome;
import io.tally.ledger.IngestResult;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerService;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.ProposedEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.slf4j.LoggerFactory;
import scala.concurrent.duration.FiniteDuration;

/**
 * The request id of an HTTP request reaches a real LedgerEntity (in-memory journal) and is in the
 * MDC of the entity's log line about the command, written as a JSON line by logback-json.xml.
 */
public class EntityRequestIdLogTest extends JUnitRouteTest {

  private static final String ENTITY = "acc-json-1";
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  private final ObjectMapper mapper = new ObjectMapper();
  private final JsonLines captured = new JsonLines(JsonLines.jsonEncoder());
  private Logger root;
  private RouteFixture fixture;

  @Override
  public Config additionalConfig() {
    return ConfigFactory.parseString("akka.actor.provider = local")
        .withFallback(PersistenceTestKitPlugin.getInstance().config())
        .withFallback(PersistenceTestKitSnapshotPlugin.getInstance().config());
  }

  /** The first command starts the entity (recovery on the in-memory journal): more than the default 3 s on a busy machine. */
  @Override
  public FiniteDuration awaitDuration() {
    return FiniteDuration.create(ASK_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
  }

  @Before
  public void setUp() {
    fixture = new RouteFixture(Adapter.toTyped(system()));
    ActorRef<LedgerEntity.Command> entity = Adapter.spawn(system(), LedgerEntity.create(ENTITY,
        LedgerSettings.create(ConfigFactory.load()), Clock.fixed(RouteFixture.NOW, ZoneOffset.UTC)), ENTITY);
    fixture.ledger.delegatingTo(new EntityLedger(entity));
    root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    captured.setContext(root.getLoggerContext());
    captured.start();
    root.addAppender(captured);
  }

  @After
  public void tearDown() {
    root.detachAppender(captured);
    captured.stop();
  }

  @Test
  public void theEntitysLogLineAboutTheCommandCarriesTheHttpRequestId() throws Exception {
    post("req-setup", "k1", "1").assertStatusCode(StatusCodes.ACCEPTED);
    // The same idempotency key with other content: a conflict, which the entity logs at INFO.
    TestRouteResult conflict = post("req-json-42", "k1", "2");

    conflict.assertStatusCode(StatusCodes.CONFLICT);
    conflict.assertHeaderExists(RequestId.HEADER, "req-json-42");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : captured.lines) {
      lines.add(mapper.readTree(line));
    }
    List<JsonNode> entityLines = lines.stream()
        .filter(l -> l.path("entityKey").asText().equals(ENTITY) && l.path("requestId").asText().equals("req-json-42"))
        .toList();
    assertEquals(lines.toString(), 1, entityLines.size());
    JsonNode line = entityLines.get(0);
    assertEquals("INFO", line.get("level").asText());
    assertTrue(line.get("message").asText(), line.get("message").asText().contains("1 refused (first: conflict)"));
    assertTrue(line.get("akkaSource").asText(), line.get("akkaSource").asText().contains(ENTITY));
    assertEquals(LedgerEntity.class.getName(), line.get("logger").asText());
    assertFalse(line.get("thread").asText().isEmpty());
    assertFalse(line.get("timestamp").asText().isEmpty());
  }

  private TestRouteResult post(String requestId, String idempotencyKey, String amount) {
    return testRoute(fixture.route).run(RouteFixture.as(RouteFixture.INGEST, HttpRequest.POST("/v1/events")
        .addHeader(RawHeader.create(RequestId.HEADER, requestId))
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON,
            EventRoutesTest.event(ENTITY, idempotencyKey, ",\"amount\":\"" + amount + "\"")))));
  }

  /** The ledger as one local entity: what ShardedLedgerService does, without a cluster. */
  private final class EntityLedger implements LedgerService {
    private final ActorRef<LedgerEntity.Command> entity;

    EntityLedger(ActorRef<LedgerEntity.Command> entity) {
      this.entity = entity;
    }

    @Override
    public CompletionStage<List<IngestOutcome>> ingest(String entityKey, List<ProposedEvent> events) {
      return ingest(entityKey, events, Optional.empty());
    }

    @Override
    public CompletionStage<List<IngestOutcome>> ingest(String entityKey, List<ProposedEvent> events,
        Optional<String> requestId) {
      CompletionStage<StatusReply<IngestResult>> reply = AskPattern.ask(entity,
          replyTo -> new LedgerEntity.Ingest(events, replyTo, requestId), ASK_TIMEOUT,
          Adapter.toTyped(system()).scheduler());
      return reply.thenApply(r -> r.getValue().outcomes());
    }

    @Override
    public CompletionStage<LedgerSummary> state(String entityKey) {
      throw new UnsupportedOperationException("not read here");
    }
  }
}
