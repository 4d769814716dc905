package io.tally.bench.readside;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.bench.BenchNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One on-demand drift-detector run over HTTP ({@code POST /v1/reconciliations}, scope admin), as
 * an operator would trigger it, and what its report says. A run already in progress (the periodic
 * one) answers 409: the check retries until its deadline.
 */
final class DriftCheck {

  private static final int OK = 200;
  private static final int IN_PROGRESS = 409;
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final int BODY_SHOWN = 200;

  /** The detector's report, or {@code failure} saying why there is none. */
  record Result(int discrepancies, int entitiesChecked, int pairsInFlight, int sliceWindowsChecked,
      Instant startedAt, String failure) {

    static Result failed(String why) {
      return new Result(0, 0, 0, 0, null, why);
    }

    boolean ran() {
      return failure == null;
    }
  }

  private DriftCheck() {}

  /** Runs the detector, waiting up to {@code deadline} (nanoTime) for a 409 to clear and for the report. */
  static Result run(BenchNode node, long deadline) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create(node.baseUrl() + "/v1/reconciliations");
    String last = "no attempt before the deadline";
    while (System.nanoTime() < deadline) {
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(left)
          .header("Authorization", "Bearer " + BenchNode.TOKEN)
          .POST(HttpRequest.BodyPublishers.noBody()).build();
      Instant sentAt = Instant.now();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == OK) {
          return parse(new ObjectMapper().readTree(response.body()), sentAt);
        }
        last = "HTTP " + response.statusCode() + ": "
            + response.body().substring(0, Math.min(BODY_SHOWN, response.body().length()));
        if (response.statusCode() != IN_PROGRESS) {
          return Result.failed(last);
        }
      } catch (java.io.IOException e) {
        last = e.toString();
      }
      TimeUnit.NANOSECONDS.sleep(Math.min(RETRY.toNanos(), Math.max(0, deadline - System.nanoTime())));
    }
    return Result.failed(last);
  }

  /** The report's figures; its start time, or when the request was sent if the report has none. */
  static Result parse(JsonNode report, Instant sentAt) {
    Instant startedAt;
    try {
      startedAt = Instant.parse(report.path("startedAt").asText());
    } catch (java.time.format.DateTimeParseException e) {
      startedAt = sentAt;
    }
    return new Result(report.path("discrepancies").size(), report.path("entitiesChecked").asInt(),
        report.path("pairsInFlight").asInt(), report.path("sliceWindowsChecked").asInt(), startedAt, null);
  }
}
