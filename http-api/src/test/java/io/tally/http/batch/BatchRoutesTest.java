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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.Test;

/**
 * Batch files through the API's real routes (stub ledger, in-memory batch store): rows mapped to
 * events in order, rows the ledger does not answer sent again, and a batch that stops before rows
 * that stay unanswered, with its checkpoint before them.
 */
public class BatchRoutesTest extends JUnitRouteTest {

  private static final Duration WITHIN = Duration.ofSeconds(20);
  private static final String CSV = "account,txn,booked,amt\n"
      + "acc-1,t1,2026-11-21T10:00:00Z,1.50\n"
      + "acc-2,t2,2026-11-21T10:00:01Z,2.50\n"
      + "acc-1,t3,2026-11-21T10:00:02Z,3.50\n";
  private static final String MAPPING =
      "map.entityKey=account&map.idempotencyKey=txn&map.eventTime=booked&map.amount=amt";
  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public Config additionalConfig() {
    return ConfigFactory.parseString("akka.actor.provider = local");
  }

  private RouteFixture fixture(String batchSettings) {
    return new RouteFixture(Adapter.toTyped(system()), ConfigFactory.parseString(batchSettings));
  }

  private TestRouteResult post(RouteFixture fixture, String query, String csv) {
    return testRoute(fixture.route).run(RouteFixture.as(RouteFixture.INGEST, HttpRequest.POST("/v1/batches?" + query)
        .withEntity(HttpEntities.create(ContentTypes.create(MediaTypes.TEXT_CSV, HttpCharsets.UTF_8), csv))));
  }

  private JsonNode awaitFinished(RouteFixture fixture, String id) {
    return Eventually.within(WITHIN, Duration.ofMillis(20), "batch " + id + " finished", () -> {
      JsonNode batch = mapper.readTree(testRoute(fixture.route)
          .run(RouteFixture.as(RouteFixture.READ, HttpRequest.GET("/v1/batches/" + id))).entityString());
      assertTrue(batch.toString(), batch.get("status").asText().equals("done")
          || batch.get("status").asText().equals("failed"));
      return batch;
    });
  }

  @Test
  public void rowsBecomeEventsOfTheMappedColumnsInFileOrder() throws Exception {
    RouteFixture fixture = fixture("");
    TestRouteResult posted = post(fixture, "id=b1&" + MAPPING, CSV);
    assertEquals(posted.entityString(), 202, posted.response().status().intValue());
    JsonNode done = awaitFinished(fixture, "b1");
    assertEquals(done.toString(), "done", done.get("status").asText());
    assertEquals(3, done.get("outcomes").get("accepted").asLong());
    List<ProposedEvent> acc1 = fixture.ledger.calls.stream().filter(c -> c.entityKey().equals("acc-1"))
        .flatMap(c -> c.events().stream()).toList();
    assertEquals(List.of("t1", "t3"), acc1.stream().map(ProposedEvent::idempotencyKey).toList());
    assertEquals("3.50", acc1.get(1).amount().toPlainString());
    assertEquals(RouteFixture.PRODUCER, acc1.get(0).source());
    // No HTTP request drives a batch's commands: the entities log them under the batch's id.
    assertFalse(fixture.ledger.requestIds.isEmpty());
    assertEquals(Set.of(Optional.of("batch:b1")), Set.copyOf(fixture.ledger.requestIds));
  }

  @Test
  public void aBatchIsReadWithScopeReadOrByTheProducerThatPostedIt() throws Exception {
    RouteFixture fixture = fixture("");
    post(fixture, "id=b4&" + MAPPING, CSV);
    awaitFinished(fixture, "b4");
    for (String path : List.of("/v1/batches/b4", "/v1/batches/b4/rejections")) {
      assertEquals(200, testRoute(fixture.route).run(RouteFixture.as(RouteFixture.INGEST, HttpRequest.GET(path)))
          .response().status().intValue());
      // Another producer's token (ingest and relay, caller "gateway").
      assertEquals(403, testRoute(fixture.route).run(RouteFixture.as(RouteFixture.RELAY, HttpRequest.GET(path)))
          .response().status().intValue());
    }
  }

  @Test
  public void rowsTheLedgerDidNotAnswerAreSentAgainWithTheSameKeys() throws Exception {
    RouteFixture fixture = fixture("tally.batches { unavailable-retries = 3, unavailable-backoff = 10ms }");
    fixture.ledger.unanswered(2);
    post(fixture, "id=b2&" + MAPPING, CSV);
    JsonNode done = awaitFinished(fixture, "b2");
    assertEquals(done.toString(), "done", done.get("status").asText());
    assertEquals(3, done.get("outcomes").get("accepted").asLong());
    assertTrue(done.get("outcomes").path("unavailable").isMissingNode());
  }

  @Test
  public void rowsStillUnansweredStopTheBatchBeforeTheirChunk() throws Exception {
    RouteFixture fixture = fixture(
        "tally.batches { chunk-rows = 2, unavailable-retries = 1, unavailable-backoff = 10ms }");
    // The first chunk (lines 2 and 3: two entities, two calls) is answered; every later call times out.
    fixture.ledger.answeringOnly(2);
    post(fixture, "id=b3&" + MAPPING, CSV.replace("acc-1,t3", "acc-3,t3"));
    JsonNode failed = awaitFinished(fixture, "b3");
    assertEquals(failed.toString(), "failed", failed.get("status").asText());
    assertEquals("unavailable", failed.get("error").get("code").asText());
    assertEquals(4, failed.get("error").get("line").asLong());
    assertEquals(3, failed.get("checkpointLine").asLong());
    assertEquals(2, failed.get("rows").asLong());
  }

  @Test
  public void aFailedBatchPostedAgainResumesAfterItsCheckpoint() throws Exception {
    RouteFixture fixture = fixture(
        "tally.batches { chunk-rows = 2, unavailable-retries = 0, unavailable-backoff = 10ms }");
    String csv = CSV.replace("acc-1,t3", "acc-3,t3");
    fixture.ledger.answeringOnly(2);
    post(fixture, "id=b5&" + MAPPING, csv);
    assertEquals("failed", awaitFinished(fixture, "b5").get("status").asText());

    fixture.ledger.answeringOnly(Integer.MAX_VALUE / 2);
    TestRouteResult again = post(fixture, "id=b5&" + MAPPING, csv);
    assertEquals(again.entityString(), 202, again.response().status().intValue());
    JsonNode done = awaitFinished(fixture, "b5");
    assertEquals(done.toString(), "done", done.get("status").asText());
    assertEquals(3, done.get("rows").asLong());
    // Only the row after the checkpoint (line 4) was sent again: acc-3 is the one new call.
    assertEquals(List.of("acc-3"), fixture.ledger.calls.stream().skip(3).map(c -> c.entityKey()).distinct().toList());
  }
}
