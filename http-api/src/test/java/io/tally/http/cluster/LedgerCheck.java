package io.tally.http.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.cluster.testing.Eventually;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a cluster test asserts after the load, through the nodes' own API: the journal holds every
 * acknowledged event exactly once, every entity answers, the window views have caught up with the
 * entities, and a dry-run drift detector pass finds nothing.
 */
final class LedgerCheck {

  private static final int EVENTS_PAGE = 1000;
  /** Bounds paging through one entity's journal. */
  private static final int MAX_PAGES = 1000;

  private final TallyHttp http;
  private final List<String> entities;

  LedgerCheck(TallyHttp http, List<String> entities) {
    this.http = http;
    this.entities = List.copyOf(entities);
  }

  /** Idempotency keys of an entity's journal, oldest first, read through {@code via}. */
  List<String> journalKeys(NodeProcess via, String entity) throws IOException, InterruptedException {
    List<String> keys = new ArrayList<>();
    long from = 1;
    for (int page = 0; page < MAX_PAGES; page++) {
      TallyHttp.Answer answer =
          http.get(via.httpBase() + "/v1/entities/" + entity + "/events?from=" + from + "&limit=" + EVENTS_PAGE);
      assertEquals("events of " + entity + ": " + answer.body(), 200, answer.status());
      answer.body().get("events").forEach(e -> keys.add(e.get("idempotencyKey").asText()));
      JsonNode next = answer.body().get("nextFrom");
      if (next == null || next.isNull()) {
        return keys;
      }
      from = next.asLong();
    }
    throw new AssertionError(entity + " has more than " + MAX_PAGES + " pages of events");
  }

  /** Every acknowledged key is in the journal exactly once, and nothing else is. */
  void assertExactlyOnce(NodeProcess via, Map<String, Set<String>> acknowledged)
      throws IOException, InterruptedException {
    long total = 0;
    for (String entity : entities) {
      List<String> journal = journalKeys(via, entity);
      Set<String> distinct = new HashSet<>(journal);
      assertEquals(entity + ": an event was applied twice", distinct.size(), journal.size());
      assertEquals(entity + ": journal vs acknowledged", acknowledged.getOrDefault(entity, Set.of()), distinct);
      total += journal.size();
    }
    assertTrue("the load acknowledged events", total > 0);
  }

  /** Every entity answers through {@code via} (its shard is allocated and the entity recovered). */
  void assertEntitiesAnswer(NodeProcess via) {
    // All at once: an entity whose shard is still moving holds its request until it lands.
    List<TallyHttp.Answer> answers =
        http.getAll(entities.stream().map(e -> via.httpBase() + "/v1/entities/" + e).toList());
    Map<String, Integer> failed = new TreeMap<>();
    for (int i = 0; i < entities.size(); i++) {
      if (answers.get(i).status() != 200) {
        failed.put(entities.get(i), answers.get(i).status());
      }
    }
    assertTrue("entities not answering via " + via + ": " + failed, failed.isEmpty());
  }

  /**
   * Waits until, for every entity, the window views (summed over [from, now]) count as many events
   * as the entity itself: every slice's projection is running and has caught up.
   */
  void awaitViewsCaughtUp(NodeProcess via, Instant from, Duration max) {
    Eventually.within(max, LocalTallyCluster.POLL, "window views caught up via " + via, () -> {
      Map<String, String> behind = new TreeMap<>();
      Instant to = Instant.now().plusSeconds(1);
      for (String entity : entities) {
        TallyHttp.Answer state = http.get(via.httpBase() + "/v1/entities/" + entity);
        assertEquals(200, state.status());
        long recorded = state.body().get("counts").get("recorded").asLong();
        TallyHttp.Answer views =
            http.get(via.httpBase() + "/v1/windows?entity=" + entity + "&from=" + from + "&to=" + to);
        assertEquals("windows of " + entity + ": " + views.body(), 200, views.status());
        long viewed = 0;
        Map<String, Long> viewWindows = new TreeMap<>();
        for (JsonNode row : views.body().get("windows")) {
          viewed += row.get("count").asLong();
          viewWindows.put(row.get("windowStart").asText(), row.get("count").asLong());
        }
        if (viewed != recorded) {
          behind.put(entity, viewed + "/" + recorded + " windows differing (entity/view): "
              + windowDifferences(state.body(), viewWindows));
        }
      }
      assertTrue("views behind (viewed/recorded): " + behind, behind.isEmpty());
      return null;
    });
  }

  /** The entity's own window counts where the views disagree, to tell a missed event from lag. */
  private static Map<String, String> windowDifferences(JsonNode state, Map<String, Long> viewWindows) {
    Map<String, String> differing = new TreeMap<>();
    for (JsonNode window : state.get("windows")) {
      String start = window.get("windowStart").asText();
      long count = window.get("count").asLong();
      long viewed = viewWindows.getOrDefault(start, 0L);
      if (count != viewed) {
        differing.put(start, count + "/" + viewed);
      }
    }
    return differing;
  }

  /**
   * Once every window written so far has settled (closed, plus settle-time), runs the drift
   * detector (dry run) until no pair is still in flight, and returns that report: every entity and
   * every window with events compared.
   */
  JsonNode settledDriftReport(NodeProcess via, Duration max) {
    Instant settled = Instant.now().plus(LocalTallyCluster.WINDOWS_SETTLE_WITHIN);
    Eventually.within(max, LocalTallyCluster.POLL, "every window settled", () -> {
      assertTrue("not yet " + settled, Instant.now().isAfter(settled));
      return null;
    });
    return Eventually.within(max, LocalTallyCluster.POLL, "a drift run with nothing in flight", () -> {
      TallyHttp.Answer answer = http.post(via.httpBase() + "/v1/reconciliations?dryRun=true", "");
      assertEquals("reconciliation: " + answer.body(), 200, answer.status());
      assertEquals("in flight in " + answer.body(), 0, answer.body().get("pairsInFlight").asInt());
      return answer.body();
    });
  }
}
