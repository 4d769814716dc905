package io.tally.http.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** JSON over HTTP to the nodes of a test cluster, with the cluster's admin token. */
final class TallyHttp {

  /** An answer: status and the parsed body (a missing node when the body is not JSON). */
  record Answer(int status, JsonNode body) {}

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
  private final String token;
  private final Duration requestTimeout;

  TallyHttp(String token, Duration requestTimeout) {
    this.token = token;
    this.requestTimeout = requestTimeout;
  }

  Answer get(String url) throws IOException, InterruptedException {
    return send(request(url).GET().build());
  }

  /** GETs all URLs at once; the answers in the same order. */
  List<Answer> getAll(List<String> urls) {
    List<CompletableFuture<Answer>> answers = urls.stream()
        .map(url -> client.sendAsync(request(url).GET().build(), HttpResponse.BodyHandlers.ofString())
            .thenApply(TallyHttp::answer))
        .toList();
    return answers.stream().map(CompletableFuture::join).toList();
  }

  Answer post(String url, String json) throws IOException, InterruptedException {
    return post(url, "application/json", json);
  }

  Answer post(String url, String contentType, String body) throws IOException, InterruptedException {
    return send(request(url).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout)
        .header("Authorization", "Bearer " + token);
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    return answer(client.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  private static Answer answer(HttpResponse<String> response) {
    JsonNode body;
    try {
      body = response.body().isEmpty() ? MAPPER.missingNode() : MAPPER.readTree(response.body());
    } catch (IOException notJson) {
      body = MAPPER.missingNode();
    }
    return new Answer(response.statusCode(), body);
  }
}
