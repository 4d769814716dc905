package io.tally.http.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A node (its own JVM, 512 MiB heap) under hostile ingest: slow NDJSON streams that hold their
 * permits, and a burst of maximal JSON bodies. Every request is answered, JSON ingest goes on, and
 * the node neither runs out of heap nor stops answering.
 */
public class IngestOverloadIT {

  private static final int CLIENTS = 256;
  private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
  private static final int MAX_BATCH_EVENTS = 10_000;
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(120);
  private static final String NDJSON = "application/x-ndjson";
  private static final String JSON = "application/json";

  private static LocalTallyCluster cluster;
  private static NodeProcess node;

  @BeforeClass
  public static void startNode() {
    cluster = LocalTallyCluster.start(IngestOverloadIT.class, 1);
    node = cluster.node(1);
  }

  @AfterClass
  public static void stopNode() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static int port() {
    return Integer.parseInt(node.httpBase().substring(node.httpBase().lastIndexOf(':') + 1));
  }

  private static String event(String entity, String key, String note) {
    return "{\"entityKey\":\"" + entity + "\",\"idempotencyKey\":\"" + key + "\",\"eventTime\":\"" + Instant.now()
        + "\",\"amount\":\"1.00\",\"attributes\":{\"note\":\"" + note + "\"}}";
  }

  @Test
  public void slowNdjsonStreamsDoNotLockOutJsonIngest() throws Exception {
    List<RawHttpExchange> streams = new ArrayList<>();
    Map<Integer, Integer> streamAnswers = new TreeMap<>();
    try {
      // 256 streams each send one line, then nothing more: each holds whatever it was admitted with.
      for (int i = 0; i < CLIENTS; i++) {
        streams.add(RawHttpExchange.openChunked(port(), "/v1/events", LocalTallyCluster.TOKEN, NDJSON,
            event("slow-" + i, "slow-" + i, "first line") + "\n", ANSWER_TIMEOUT));
      }
      for (RawHttpExchange stream : streams) {
        streamAnswers.merge(stream.status(), 1, Integer::sum);
      }
      // JSON ingest is answered while they hang, and never refused: 8 at a time is far inside the
      // JSON request limit.
      Map<Integer, Integer> jsonAnswers = new TreeMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          String body = event("json-" + (i % 20), "json-" + i, "while streams hang");
          answers.add(pool.submit(() -> cluster.http().post(node.httpBase() + "/v1/events", body).status()));
        }
        for (Future<Integer> answer : answers) {
          jsonAnswers.merge(answer.get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS), 1, Integer::sum);
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals("JSON answers " + jsonAnswers, Map.of(202, 200), jsonAnswers);
    } finally {
      for (RawHttpExchange stream : streams) {
        stream.close();
      }
    }
    assertEquals("every stream answered: " + streamAnswers, CLIENTS,
        streamAnswers.values().stream().mapToInt(Integer::intValue).sum());
    assertTrue("streams are admitted or refused: " + streamAnswers,
        streamAnswers.keySet().stream().allMatch(s -> s == 200 || s == 429));
    assertTrue("some streams are admitted: " + streamAnswers, streamAnswers.getOrDefault(200, 0) > 0);
    assertTrue("not all streams are admitted: " + streamAnswers, streamAnswers.getOrDefault(429, 0) > 0);
  }

  @Test
  public void maximalBodiesAtOnceAreAllAnsweredWithoutExhaustingTheHeap() throws Exception {
    byte[] body = maximalBody();
    Map<Integer, Integer> answers = new TreeMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(2 * CLIENTS);
    try {
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        statuses.add(pool.submit(() -> {
          try (RawHttpExchange exchange = RawHttpExchange.open(port(), "/v1/events", LocalTallyCluster.TOKEN, JSON,
              "Content-Length: " + body.length, ANSWER_TIMEOUT)) {
            // The body is written beside reading the answer: a refused request is answered before
            // its body has arrived, and the node then stops reading it.
            pool.submit(() -> {
              exchange.write(body);
              return null;
            });
            return exchange.status();
          }
        }));
      }
      for (Future<Integer> status : statuses) {
        answers.merge(status.get(2 * ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS), 1, Integer::sum);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals("every request answered: " + answers, CLIENTS,
        answers.values().stream().mapToInt(Integer::intValue).sum());
    assertTrue("answers are taken or refused for now: " + answers,
        answers.keySet().stream().allMatch(s -> s == 200 || s == 429 || s == 503));
    // Admitted means answered, or still running at the node's request timeout (503 request_timeout:
    // 10,000 events of one entity are 100 commands in a row, past 20 s on a busy 2-core machine).
    assertTrue("some bodies are admitted: " + answers,
        answers.getOrDefault(200, 0) + answers.getOrDefault(503, 0) > 0);
    assertTrue(node + " is alive", node.isAlive());
    assertEquals(200, cluster.http().get(node.httpBase() + "/health/alive").status());
    for (Path log : logs()) {
      assertFalse(log + " shows an OutOfMemoryError", Files.readString(log).contains("OutOfMemoryError"));
    }
  }

  /** A JSON array of 10,000 events, padded with whitespace to exactly the 8 MiB body limit. */
  private static byte[] maximalBody() {
    int perEvent = (MAX_BODY_BYTES - 2) / MAX_BATCH_EVENTS;
    StringBuilder json = new StringBuilder(MAX_BODY_BYTES).append('[');
    for (int i = 0; i < MAX_BATCH_EVENTS; i++) {
      String entity = "big-" + (i % 100);
      String key = "big-" + i;
      int pad = perEvent - event(entity, key, "").length() - 1;
      json.append(i == 0 ? "" : ",").append(event(entity, key, "x".repeat(Math.max(0, pad))));
    }
    json.append(" ".repeat(MAX_BODY_BYTES - 1 - json.length())).append(']');
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    assertEquals(MAX_BODY_BYTES, bytes.length);
    return bytes;
  }

  private static List<Path> logs() throws IOException {
    try (var files = Files.list(node.logDir())) {
      return files.filter(f -> f.getFileName().toString().startsWith("node-")).toList();
    }
  }
}
