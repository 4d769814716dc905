package io.tally.bench.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * Tally over real HTTP: {@code POST /v1/events} with one JSON event (202 expected) or a JSON array
 * of the entity's events (200 with every event {@code accepted}).
 */
public final class HttpIngestWriter implements BatchWriter {

  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final int ACCEPTED_ONE = 202;
  private static final int ANSWERED_BATCH = 200;

  private final HttpClient client;
  private final URI events;
  private final String token;
  private final Clock clock;

  public HttpIngestWriter(String baseUrl, String token, Clock clock) {
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(REQUEST_TIMEOUT).build();
    this.events = URI.create(baseUrl + "/v1/events");
    this.token = token;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "tally-http";
  }

  @Override
  public void write(String entityKey, long firstEvent, int batchSize) throws IOException, InterruptedException {
    String body = IngestPayload.json(entityKey, firstEvent, batchSize, clock.instant());
    HttpRequest request = HttpRequest.newBuilder(events)
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    int expected = batchSize == 1 ? ACCEPTED_ONE : ANSWERED_BATCH;
    if (response.statusCode() != expected
        || (batchSize > 1 && !response.body().contains("\"accepted\":" + batchSize))) {
      throw new IOException("HTTP " + response.statusCode() + ": "
          + response.body().substring(0, Math.min(200, response.body().length())));
    }
  }
}
