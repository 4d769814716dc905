package io.tally.http.cluster;

import io.tally.cluster.testing.Eventually;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * A producer as Tally expects one: a fixed number of workers (bounded concurrency), each posting
 * one event at a time round-robin over the nodes; an event that fails (refused connection, reset,
 * timeout, 429/503) is retried — on the next node, with the same idempotency key and the same body
 * — until it is acknowledged (202 accepted, or 200 duplicate: an earlier attempt was persisted).
 * Records every acknowledged key and every failed attempt with its time.
 */
final class IngestLoad implements AutoCloseable {

  /** A failed attempt as the client saw it. */
  record Failure(Instant at, String node, String cause) {}

  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration RETRY_BACKOFF = Duration.ofMillis(100);
  /** By default, an event not acknowledged after this long of retries is given up (and fails the test). */
  static final Duration GIVE_UP_AFTER = Duration.ofSeconds(90);
  private static final Duration STOP_MARGIN = Duration.ofSeconds(30);

  private final List<NodeProcess> nodes;
  private final List<String> entities;
  private final TallyHttp http;
  private final ExecutorService workers;
  private final int workerCount;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> givenUp = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Instant> acknowledgedAt = new ConcurrentLinkedQueue<>();
  private final AtomicLong attempts = new AtomicLong();
  private final AtomicLong acks = new AtomicLong();
  private final String runId;
  private final Duration giveUpAfter;

  IngestLoad(String runId, List<NodeProcess> nodes, List<String> entities, TallyHttp http, int workerCount) {
    this(runId, nodes, entities, http, workerCount, GIVE_UP_AFTER);
  }

  IngestLoad(String runId, List<NodeProcess> nodes, List<String> entities, TallyHttp http, int workerCount,
      Duration giveUpAfter) {
    this.runId = runId;
    this.giveUpAfter = giveUpAfter;
    this.nodes = List.copyOf(nodes);
    this.entities = List.copyOf(entities);
    this.http = http;
    this.workerCount = workerCount;
    this.workers = Executors.newFixedThreadPool(workerCount, r -> {
      Thread t = new Thread(r, "ingest-load-" + runId);
      t.setDaemon(true);
      return t;
    });
  }

  void start() {
    for (int w = 0; w < workerCount; w++) {
      int worker = w;
      workers.submit(() -> produce(worker));
    }
  }

  private void produce(int worker) {
    long n = 0;
    while (stop.getCount() > 0) {
      n++;
      String entity = entities.get((int) ((worker * 7919L + n) % entities.size()));
      String key = runId + "-w" + worker + "-" + n;
      String body = "{\"entityKey\":\"" + entity + "\",\"idempotencyKey\":\"" + key + "\",\"eventTime\":\""
          + Instant.now() + "\",\"amount\":\"" + (n % 97) + ".25\"}";
      deliver(worker + (int) n, entity, key, body);
    }
  }

  /** Retries one event until acknowledged or given up; never abandons it because of stop(). */
  private void deliver(int firstNode, String entity, String key, String body) {
    Instant giveUpAt = Instant.now().plus(giveUpAfter);
    for (int attempt = 0; Instant.now().isBefore(giveUpAt); attempt++) {
      NodeProcess node = nodes.get((firstNode + attempt) % nodes.size());
      attempts.incrementAndGet();
      String cause;
      try {
        TallyHttp.Answer answer = http.post(node.httpBase() + "/v1/events", body);
        if (answer.status() == 202 || answer.status() == 200) {
          acknowledged.computeIfAbsent(entity, e -> ConcurrentHashMap.newKeySet()).add(key);
          acknowledgedAt.add(Instant.now());
          acks.incrementAndGet();
          return;
        }
        cause = "HTTP " + answer.status() + " " + answer.body().path("error").asText();
        if (answer.status() != 429 && answer.status() != 503) {
          // Not a transient answer: the event itself is wrong, retrying cannot help.
          failures.add(new Failure(Instant.now(), node.toString(), cause));
          givenUp.add(key + ": " + cause);
          return;
        }
      } catch (IOException e) {
        cause = e.getClass().getSimpleName() + ": " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        givenUp.add(key + ": interrupted");
        return;
      }
      failures.add(new Failure(Instant.now(), node.toString(), cause));
      // A client's retry backoff (what a producer does against a 503), not synchronisation.
      LockSupport.parkNanos(RETRY_BACKOFF.toNanos());
    }
    givenUp.add(key + ": not acknowledged within " + giveUpAfter);
  }

  /** Stops producing new events and waits until every started event is acknowledged or given up. */
  void stop() {
    stop.countDown();
    workers.shutdown();
    try {
      Duration stopTimeout = giveUpAfter.plus(STOP_MARGIN);
      if (!workers.awaitTermination(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("load workers did not finish within " + stopTimeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits until at least {@code count} events are acknowledged; fails early if one was given up. */
  void awaitAcknowledged(long count, Duration max) {
    Eventually.within(max, POLL, count + " acknowledged events", () -> {
      if (!givenUp.isEmpty()) {
        throw new IllegalStateException("events given up: " + givenUp);
      }
      if (acks.get() < count) {
        throw new IllegalStateException("acknowledged " + acks.get());
      }
      return null;
    });
  }

  /** The acknowledged keys of several loads together, per entity. */
  static Map<String, Set<String>> acknowledgedByAll(List<IngestLoad> loads) {
    Map<String, Set<String>> all = new HashMap<>();
    for (IngestLoad load : loads) {
      load.acknowledged.forEach((entity, keys) -> all.computeIfAbsent(entity, e -> new HashSet<>()).addAll(keys));
    }
    return all;
  }

  long acknowledgedCount() {
    return acks.get();
  }

  long attempts() {
    return attempts.get();
  }

  Map<String, Set<String>> acknowledged() {
    return Map.copyOf(acknowledged);
  }

  List<Failure> failures() {
    return List.copyOf(failures);
  }

  List<String> givenUp() {
    return List.copyOf(givenUp);
  }

  /** Attempts between two instants: acknowledged ones plus failed ones. */
  long attemptsBetween(Instant from, Instant to) {
    long acked = acknowledgedAt.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).count();
    return acked + failuresBetween(from, to);
  }

  /** Failed attempts between two instants, counted by cause (status or exception type). */
  Map<String, Long> failureCausesBetween(Instant from, Instant to) {
    return failures.stream().filter(f -> !f.at().isBefore(from) && f.at().isBefore(to))
        .collect(Collectors.groupingBy(f -> f.cause().split(":")[0], TreeMap::new, Collectors.counting()));
  }

  /** When the first event acknowledged at or after {@code since} was, if any was yet. */
  java.util.Optional<Instant> firstAcknowledgedSince(Instant since) {
    return acknowledgedAt.stream().filter(t -> !t.isBefore(since)).min(Instant::compareTo);
  }

  long failuresBetween(Instant from, Instant to) {
    return failures.stream().filter(f -> !f.at().isBefore(from) && f.at().isBefore(to)).count();
  }

  @Override
  public void close() {
    stop.countDown();
    workers.shutdownNow();
  }

}
