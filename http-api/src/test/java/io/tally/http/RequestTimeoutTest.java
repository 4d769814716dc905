package io.tally.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.Test;
import io.tally.http.ingest.EventRoutesTest;

/** Over real loopback HTTP: Akka HTTP's request timeout only fires in a running server. */
public class RequestTimeoutTest {

  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
      "akka.actor.provider = local\nakka.http.server.request-timeout = 1s\n"));

  @AfterClass
  public static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  public void aRequestPastTheRequestTimeoutGetsAJson503WithRetryAfter() throws Exception {
    RouteFixture fixture = new RouteFixture(testKit.system());
    fixture.ledger.hanging();
    ServerBinding binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(fixture.route)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + "/v1/events"))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + RouteFixture.INGEST)
              .header("Content-Type", "application/json")
              .header(RequestId.HEADER, "slow-1")
              .POST(HttpRequest.BodyPublishers.ofString(EventRoutesTest.event("acc-1", "k1", "")))
              .build(),
          HttpResponse.BodyHandlers.ofString());

      assertEquals(503, response.statusCode());
      assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
      assertTrue(response.headers().firstValue("Retry-After").isPresent());
      JsonNode body = new ObjectMapper().readTree(response.body());
      assertEquals("request_timeout", body.get("error").asText());
      assertTrue(body.get("detail").asText().contains("/v1/events"));
      assertEquals("slow-1", response.headers().firstValue(RequestId.HEADER).orElse(""));
      assertEquals("slow-1", body.get("requestId").asText());
    } finally {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
