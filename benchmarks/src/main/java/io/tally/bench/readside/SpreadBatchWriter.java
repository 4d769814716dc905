package io.tally.bench.readside;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.bench.ingest.HttpIngestWriter;
import io.tally.bench.ingest.IngestPayload;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/events} with a JSON array of one event per entity, answered with the per-event
 * outcomes. Unlike {@link HttpIngestWriter} (which fails a request unless every event is
 * accepted), it returns the outcome counts: under overload some events of a request can be
 * {@code unavailable} (the entity did not answer in time) while the others are accepted, and the
 * ceiling section reports both.
 */
public final class SpreadBatchWriter {

  private static final int ANSWERED_BATCH = 200;
  private static final int REFUSED = 429;
  private static final int BODY_SHOWN = 200;
  private static final String ACCEPTED = "accepted";
  private static final String UNAVAILABLE = "unavailable";

  /**
   * The outcome counts of one answered request and the event time its events carried; or, when
   * the node refused it at admission (429), nothing counted and the Retry-After it gave.
   */
  public record Outcome(int accepted, int unavailable, int other, Instant eventTime, Optional<Duration> refused) {

    static Outcome refusedFor(Duration retryAfter, Instant eventTime) {
      return new Outcome(0, 0, 0, eventTime, Optional.of(retryAfter));
    }
  }

  private final HttpClient client;
  private final URI events;
  private final String token;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public SpreadBatchWriter(String baseUrl, String token, Clock clock) {
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(HttpIngestWriter.REQUEST_TIMEOUT).build();
    this.events = URI.create(baseUrl + "/v1/events");
    this.token = token;
    this.clock = clock;
  }

  /**
   * Sends one event for each of {@code entityKeys}, numbered from {@code firstEvent}, event time
   * now. Throws when the request itself failed (no answer, or a status other than 200 or 429).
   */
  public Outcome write(List<String> entityKeys, long firstEvent) throws IOException, InterruptedException {
    Instant eventTime = clock.instant();
    HttpRequest request = HttpRequest.newBuilder(events)
        .timeout(HttpIngestWriter.REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(IngestPayload.jsonOnePerEntity(entityKeys, firstEvent, eventTime)))
        .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == REFUSED) {
      long seconds = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
      return Outcome.refusedFor(Duration.ofSeconds(seconds), eventTime);
    }
    if (response.statusCode() != ANSWERED_BATCH) {
      throw new IOException("HTTP " + response.statusCode() + ": "
          + response.body().substring(0, Math.min(BODY_SHOWN, response.body().length())));
    }
    return counted(json.readTree(response.body()).path("counts"), eventTime);
  }

  /** The answer's {@code counts} object ({@code {"accepted": 98, "unavailable": 2}}). */
  static Outcome counted(JsonNode counts, Instant eventTime) {
    int accepted = 0;
    int unavailable = 0;
    int other = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> count = it.next();
      switch (count.getKey()) {
        case ACCEPTED -> accepted += count.getValue().asInt();
        case UNAVAILABLE -> unavailable += count.getValue().asInt();
        default -> other += count.getValue().asInt();
      }
    }
    return new Outcome(accepted, unavailable, other, eventTime, Optional.empty());
  }
}
