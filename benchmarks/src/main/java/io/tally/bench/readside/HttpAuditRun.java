package io.tally.bench.readside;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.bench.BenchNode;
import io.tally.bench.ingest.HttpIngestWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * An audit run over HTTP as an operator starts one: {@code POST /v1/audit/runs} with a key range,
 * then {@code GET /v1/audit/runs/{id}} until it has completed. Its duration is the node's own
 * (report {@code startedAt} to {@code finishedAt}), so polling does not add to it.
 */
final class HttpAuditRun {

  /** The completed run: events checked, whether clean, and how long the node took. */
  record Outcome(long eventsChecked, boolean clean, Duration took) {}

  private static final Duration POLL = Duration.ofMillis(100);
  private static final int ACCEPTED = 202;
  private static final int OK = 200;

  private final BenchNode node;
  private final HttpClient client = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  HttpAuditRun(BenchNode node) {
    this.node = node;
  }

  Outcome run(String fromKey, String toKey, Duration timeout) throws IOException, InterruptedException {
    String body = json.createObjectNode().put("fromKey", fromKey).put("toKey", toKey).toString();
    HttpResponse<String> started = client.send(request("/v1/audit/runs").POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    if (started.statusCode() != ACCEPTED) {
      throw new IOException("POST /v1/audit/runs: HTTP " + started.statusCode() + " " + started.body());
    }
    String id = json.readTree(started.body()).path("id").asText();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> status = client.send(request("/v1/audit/runs/" + id).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode run = json.readTree(status.body());
      if (status.statusCode() != OK || run.path("state").asText().equals("failed")) {
        throw new IOException("audit run " + id + ": HTTP " + status.statusCode() + " " + status.body());
      }
      if (run.path("state").asText().equals("completed")) {
        JsonNode report = run.path("report");
        return new Outcome(report.path("eventsChecked").asLong(), report.path("findingsByKind").isEmpty(),
            Duration.between(Instant.parse(report.path("startedAt").asText()),
                Instant.parse(report.path("finishedAt").asText())));
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    throw new IOException("audit run " + id + " not completed within " + timeout);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(HttpIngestWriter.REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + BenchNode.TOKEN);
  }
}
