package io.tally.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** {@code POST /v1/events} from the load client, each answer read by {@link HttpAnswers}. */
final class HttpIngestClient {

  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client;
  private final URI events;
  private final String token;

  HttpIngestClient(String baseUrl, String token) {
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(REQUEST_TIMEOUT).build();
    this.events = URI.create(baseUrl + "/v1/events");
    this.token = token;
  }

  Answer send(IngestRequests.Body body) throws IOException, InterruptedException {
    return answer(client.send(request(body), HttpResponse.BodyHandlers.ofString()), body);
  }

  CompletableFuture<Answer> sendAsync(IngestRequests.Body body) {
    return client.sendAsync(request(body), HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
      try {
        return answer(r, body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private HttpRequest request(IngestRequests.Body body) {
    return HttpRequest.newBuilder(events)
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.json()))
        .build();
  }

  private static Answer answer(HttpResponse<String> response, IngestRequests.Body body) throws IOException {
    return HttpAnswers.read(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"),
        body.events(), body.array());
  }
}
