package io.tally.bench.batch;

import io.tally.bench.BenchNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline other bulk paths are measured against: a producer posting events to {@code POST
 * /v1/events} in arrays of {@link #EVENTS_PER_REQUEST}, {@link #IN_FLIGHT} requests at once, each
 * request the next rows in order (entities {@code bev-<n>}), waiting out admission refusals.
 */
public final class BatchedEvents {

  public static final int EVENTS_PER_REQUEST = 100;
  public static final int IN_FLIGHT = 8;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  /** A request refused at admission this many times in a row fails the cell. */
  private static final int MAX_REFUSALS = 100;

  private final BenchNode node;
  private final Instant start;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(REQUEST_TIMEOUT).build();

  /** @param start the first row's event time; row r is at start + r ms */
  public BatchedEvents(BenchNode node, Instant start) {
    this.node = node;
    this.start = start;
  }

  /** Posts {@code rows} events over {@code entities} placed by {@code order}; answers events/s. */
  public double run(int rows, int rowsPerEntity, int entities, BatchSection.Order order) throws Exception {
    int requests = rows / EVENTS_PER_REQUEST;
    AtomicLong next = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
    long started = System.nanoTime();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < IN_FLIGHT; w++) {
        workers.add(pool.submit(() -> {
          for (long r = next.getAndIncrement(); r < requests; r = next.getAndIncrement()) {
            post(r, rowsPerEntity, entities, order);
          }
          return null;
        }));
      }
      for (Future<?> worker : workers) {
        worker.get(REQUEST_TIMEOUT.toMillis() * requests, TimeUnit.MILLISECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return requests * (double) EVENTS_PER_REQUEST / ((System.nanoTime() - started) / 1e9);
  }

  private void post(long index, int rowsPerEntity, int entities, BatchSection.Order order) throws Exception {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < EVENTS_PER_REQUEST; i++) {
      long row = index * EVENTS_PER_REQUEST + i;
      body.append(i == 0 ? "" : ",").append("{\"entityKey\":\"bev-").append(order.entityOf(row, rowsPerEntity, entities))
          .append("\",\"idempotencyKey\":\"e").append(row).append("\",\"eventTime\":\"")
          .append(start.plusMillis(row)).append("\",\"amount\":\"1.00\"}");
    }
    body.append(']');
    HttpRequest request = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/events")).timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + BenchNode.TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    // Refused at admission (429): wait the node's Retry-After and send the same events again.
    for (int attempt = 0; ; attempt++) {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() == 200 && answer.body().contains("\"accepted\":" + EVENTS_PER_REQUEST)) {
        return;
      }
      if (answer.statusCode() != 429 || attempt >= MAX_REFUSALS) {
        throw new IllegalStateException("POST /v1/events: " + answer.statusCode() + " "
            + answer.body().substring(0, Math.min(300, answer.body().length())));
      }
      TimeUnit.SECONDS.sleep(answer.headers().firstValueAsLong("Retry-After").orElse(1));
    }
  }
}
