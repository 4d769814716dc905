package io.tally.http.cdc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.testing.Eventually;
import io.tally.http.RouteFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.Test;

/**
 * Over real loopback HTTP (two requests in flight at once): a change whose entity command does not
 * fit beside those already running is refused with 429 and Retry-After, as an event would be, and
 * no entity is asked for it.
 */
public class CdcAdmissionTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
      "akka.actor.provider = local\nakka.http.server.request-timeout = 30s\n"));

  @AfterClass
  public static void stop() {
    testKit.shutdownTestKit();
  }

  private static HttpRequest post(int port, JsonNode change) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/cdc/debezium"))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + RouteFixture.INGEST)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(change.toString()))
        .build();
  }

  @Test
  public void aChangeBeyondTheEntityCommandsInFlightIs429() throws Exception {
    RouteFixture fixture = new RouteFixture(testKit.system(), ConfigFactory.parseString(
        "tally.http.ingest.entity-commands { min = 1, initial = 1, max = 1 }").withFallback(Changes.TABLES));
    fixture.ledger.hanging();
    ServerBinding binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(fixture.route)
        .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    int port = binding.localAddress().getPort();
    HttpClient client = HttpClient.newHttpClient();
    try {
      CompletableFuture<HttpResponse<String>> running = client.sendAsync(
          post(port, Changes.postgres("c", 1, null, Changes.account(1, "1", "EUR"))),
          HttpResponse.BodyHandlers.ofString());
      Eventually.await("the first change's entity asked", WAIT, () -> fixture.ledger.calls.size() == 1);

      HttpResponse<String> refused = client.send(post(port, Changes.postgres("c", 2, null,
          Changes.account(2, "1", "EUR"))), HttpResponse.BodyHandlers.ofString());
      assertEquals(refused.body(), 429, refused.statusCode());
      assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
      JsonNode body = Changes.MAPPER.readTree(refused.body());
      assertEquals("too_many_requests", body.get("error").asText());
      assertTrue(body.get("detail").asText(), body.get("detail").asText().contains("entity commands"));
      assertEquals("no entity asked for the refused change", 1, fixture.ledger.calls.size());
      running.cancel(true);
    } finally {
      binding.unbind().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }
}
