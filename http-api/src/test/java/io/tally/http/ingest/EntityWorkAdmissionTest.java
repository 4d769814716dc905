package io.tally.http.ingest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.tally.projections.metrics.TallyMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.AfterClass;
import org.junit.Test;
import io.tally.http.RouteFixture;

/**
 * Over real loopback HTTP (two requests in flight at once): a request whose entity commands do not
 * fit beside those already running is refused with 429 before any of its entities is asked.
 */
public class EntityWorkAdmissionTest {

  private static final int MAX_COMMANDS = 40;
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
      "akka.actor.provider = local\nakka.http.server.request-timeout = 30s\n"));

  @AfterClass
  public static void stop() {
    testKit.shutdownTestKit();
  }

  private static String batch(String prefix, int entities) {
    return IntStream.range(0, entities)
        .mapToObj(i -> EventRoutesTest.event(prefix + i, prefix + "-k" + i, ",\"amount\":\"1\""))
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static HttpRequest post(int port, String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + RouteFixture.INGEST)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Test
  public void aBatchThatWouldExceedTheEntityCommandsInFlightIs429BeforeAnyEntityIsAsked() throws Exception {
    RouteFixture fixture = new RouteFixture(testKit.system(), ConfigFactory.parseString(
        "tally.http.ingest.entity-commands { min = 1, initial = " + MAX_COMMANDS + ", max = " + MAX_COMMANDS + " }"));
    fixture.ledger.hanging();
    ServerBinding binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(fixture.route)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    int port = binding.localAddress().getPort();
    HttpClient client = HttpClient.newHttpClient();
    try {
      // 40 entities, driven 32 at once (entity-parallelism): 32 of the 40 commands are taken.
      CompletableFuture<HttpResponse<String>> running =
          client.sendAsync(post(port, batch("a", 40)), HttpResponse.BodyHandlers.ofString());
      Instant deadline = Instant.now().plus(WAIT);
      while (fixture.ledger.calls.size() < 32 && Instant.now().isBefore(deadline)) {
        LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
      }
      assertEquals("entities asked by the running batch", 32, fixture.ledger.calls.size());

      HttpResponse<String> refused = client.send(post(port, batch("b", 10)), HttpResponse.BodyHandlers.ofString());
      assertEquals(429, refused.statusCode());
      assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
      JsonNode body = new ObjectMapper().readTree(refused.body());
      assertEquals("too_many_requests", body.get("error").asText());
      assertTrue(body.get("detail").asText(), body.get("detail").asText().contains("entity commands"));
      assertEquals("no entity of the refused batch was asked", 32, fixture.ledger.calls.size());
      assertTrue(fixture.ledger.calls.stream().noneMatch(c -> c.entityKey().startsWith("b")));
      assertEquals(1.0, fixture.metrics.value(TallyMetrics.INGEST_REFUSED, "bound", "entity_commands"), 0.0);

      // What fits beside the running batch is still taken.
      CompletableFuture<HttpResponse<String>> fits =
          client.sendAsync(post(port, batch("c", 8)), HttpResponse.BodyHandlers.ofString());
      deadline = Instant.now().plus(WAIT);
      while (fixture.ledger.calls.size() < 40 && Instant.now().isBefore(deadline)) {
        LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
      }
      assertEquals(40, fixture.ledger.calls.size());
      running.cancel(true);
      fits.cancel(true);
    } finally {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
