package io.tally.http.cluster;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.After;
import org.junit.Test;

/**
 * Messages far above Artery's ordinary 256 KiB frame between three nodes: a JSON array of 100
 * events for one entity, each with 100 attributes of 1,024 multi-byte characters (~27 MiB of
 * JSON), is posted to a node that does not host the entity, and the entity's state (1,000 such
 * attributes, ~3 MiB) is read through another node that does not host it. Both must arrive.
 */
public class LargeMessagesIT {

  private static final String ENTITY = "large-1";
  private static final int EVENTS = 100;
  /** 10 groups x 100 names = max-attributes-per-entity (1,000): the largest state the entity can hold. */
  private static final int GROUPS = 10;
  /**
   * This test is about delivery between nodes, not the API's limits or latency: the body is far
   * above the default 8 MiB limit, and on a shared 2-core machine the ~10 commands that carry it
   * (each ~4 MiB of journal and tag rows, fsynced) take far longer than production's timeouts
   * allow. A message that is dropped never arrives, however long the wait.
   */
  private static final List<String> NODE_CONFIG = List.of(
      "tally.http.limits.max-body-size = 48 MiB",
      "tally.ledger.ask-timeout = 30s",
      "akka.http.server.request-timeout = 100s");
  private static final Duration LARGE_REQUEST_TIMEOUT = Duration.ofSeconds(110);

  private LocalTallyCluster cluster;

  @After
  public void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  public void aMaximalBatchAndTheLargeStateItLeavesCrossTheNetwork() throws Exception {
    cluster = LocalTallyCluster.start(LargeMessagesIT.class, ClusterScenario.NODES, NODE_CONFIG);
    TallyHttp http = new TallyHttp(LocalTallyCluster.TOKEN, LARGE_REQUEST_TIMEOUT);

    // Reading the (empty) entity starts it, which places its shard on some node.
    assertEquals(200, http.get(cluster.node(1).httpBase() + "/v1/entities/" + ENTITY).status());
    NodeProcess host = cluster.hostOf(ENTITY);
    List<NodeProcess> others = cluster.nodes().stream().filter(n -> n != host).toList();
    NodeProcess ingestVia = others.get(0);
    NodeProcess readVia = others.get(1);

    LargeBatch batch = new LargeBatch(ENTITY, EVENTS, GROUPS, Instant.now());
    String body = batch.json();
    long started = System.nanoTime();
    TallyHttp.Answer ingested = http.post(ingestVia.httpBase() + "/v1/events", body);
    long ingestMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals("status of the batch: " + abbreviated(ingested.body()), 200, ingested.status());
    assertEquals("counts " + ingested.body().get("counts"), EVENTS, ingested.body().path("counts").path("accepted").asInt());
    assertEquals("counts " + ingested.body().get("counts"), 1, ingested.body().path("counts").size());
    for (JsonNode result : ingested.body().get("results")) {
      assertEquals("result " + result, "accepted", result.get("status").asText());
    }

    started = System.nanoTime();
    TallyHttp.Answer state = http.get(readVia.httpBase() + "/v1/entities/" + ENTITY);
    long stateMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals("state: " + abbreviated(state.body()), 200, state.status());
    assertEquals(EVENTS, state.body().get("lastSeqNr").asInt());
    JsonNode attributes = state.body().get("attributes");
    assertEquals(batch.distinctNames(), attributes.size());
    for (int group = 0; group < GROUPS; group++) {
      for (int a = 0; a < LargeBatch.MAX_ATTRIBUTES; a += 33) {
        assertEquals(batch.finalValue(group, a), attributes.get(LargeBatch.name(group, a)).asText());
      }
    }

    // Both requests went through nodes that do not host the entity, and it never moved.
    assertEquals("host of " + ENTITY, host, cluster.hostOf(ENTITY));
    System.out.printf("tally-it: %s on %s; %d-event batch of %d bytes via %s accepted in %d ms; "
            + "state of %d attributes via %s in %d ms%n",
        ENTITY, host, EVENTS, body.getBytes(StandardCharsets.UTF_8).length, ingestVia, ingestMillis,
        attributes.size(), readVia, stateMillis);
  }

  private static String abbreviated(JsonNode body) {
    String text = body.toString();
    return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
  }
}
