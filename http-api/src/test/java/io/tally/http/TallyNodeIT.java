package io.tally.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestProbe;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.CassandraLauncher;
import io.tally.cluster.testing.TestPersistenceConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import io.tally.http.node.TallyNode;

/** The real node over real HTTP on 127.0.0.1 against the real Cassandra node. */
public class TallyNodeIT {

  private static final Duration READY_DEADLINE = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(200);

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper mapper = new ObjectMapper();

  public static Config nodeConfig(Config persistence, int httpPort) {
    return ConfigFactory.parseString(
            "tally.http.port = " + httpPort + "\n"
                + "akka.remote.artery.canonical.port = " + CassandraLauncher.freePort() + "\n"
                + "akka.cluster.jmx.multi-mbeans-in-same-jvm = on\n")
        .withFallback(persistence)
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  /** Starts a node on {@code config} (from {@link #nodeConfig}) and waits until it answers ready. */
  public static TallyNode startReady(Config config) {
    TallyNode node = TallyNode.start(config);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + config.getInt("tally.http.port")
        + "/health/ready")).timeout(READY_DEADLINE).GET().build();
    TestProbe.create(node.system()).awaitAssert(READY_DEADLINE, POLL, () -> {
      assertEquals(200, client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode());
      return null;
    });
    return node;
  }

  @Test
  public void nodeBecomesReadyOnCassandraAndAnswersHealthAndErrorsAsJson() throws Exception {
    int port = CassandraLauncher.freePort();
    TallyNode node = TallyNode.start(nodeConfig(TestPersistenceConfig.forTest(getClass()), port));
    try {
      assertEquals("127.0.0.1", node.httpAddress().getAddress().getHostAddress());
      String base = "http://127.0.0.1:" + port;

      HttpResponse<String> ready =
          TestProbe.create(node.system())
              .awaitAssert(READY_DEADLINE, POLL, () -> statusIs(base + "/health/ready", 200));
      JsonNode body = mapper.readTree(ready.body());
      assertEquals("ready", body.get("status").asText());
      assertEquals("ok", body.get("checks").get("cluster").asText());
      assertEquals("ok", body.get("checks").get("cassandra").asText());

      assertEquals(200, get(base + "/health/alive").statusCode());

      HttpResponse<String> missing = get(base + "/v1/nothing-here");
      assertEquals(404, missing.statusCode());
      assertTrue(missing.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
      assertEquals("not_found", mapper.readTree(missing.body()).get("error").asText());
    } finally {
      node.stop(Duration.ofSeconds(30));
    }
  }

  private HttpResponse<String> statusIs(String url, int status) {
    try {
      HttpResponse<String> response = get(url);
      assertEquals(url + ": " + response.body(), status, response.statusCode());
      return response;
    } catch (Exception e) {
      throw new AssertionError(url + " failed: " + e, e);
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
