package io.tally.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorSystem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A test's HTTP client of one node on loopback: requests with a token, JSON answers, waiting for a batch. */
public final class NodeClient {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(200);

  private final String base;
  private final ActorSystem<?> system;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper mapper = new ObjectMapper();

  public NodeClient(int port, ActorSystem<?> system) {
    this.base = "http://127.0.0.1:" + port;
    this.system = system;
  }

  public HttpResponse<String> get(String token, String path) throws Exception {
    return send(request(token, path).GET().build());
  }

  public HttpResponse<String> post(String token, String path, String contentType, String body) throws Exception {
    return send(request(token, path).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  public HttpResponse<String> post(String token, String path) throws Exception {
    return send(request(token, path).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  /** The answer's JSON, after checking its status. */
  public JsonNode json(HttpResponse<String> response, int status) throws Exception {
    assertEquals(response.body(), status, response.statusCode());
    return mapper.readTree(response.body());
  }

  /** The batch once it is done or failed. */
  public JsonNode awaitFinished(String token, String id, Duration deadline) {
    return TestProbe.create(system).awaitAssert(deadline, POLL, () -> {
      JsonNode batch = json(get(token, "/v1/batches/" + id), 200);
      String status = batch.get("status").asText();
      assertTrue(batch.toString(), status.equals("done") || status.equals("failed"));
      return batch;
    });
  }

  private HttpRequest.Builder request(String token, String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
