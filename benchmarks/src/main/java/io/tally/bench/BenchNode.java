package io.tally.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.CassandraLauncher;
import io.tally.cluster.testing.Eventually;
import io.tally.cluster.testing.TestPersistenceConfig;
import io.tally.http.node.TallyNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A real Tally node in this JVM, as {@code Main} runs it (sharding, projections, HTTP on
 * 127.0.0.1), on the run's Cassandra node with keyspaces of its own.
 */
public final class BenchNode implements AutoCloseable {

  public static final String TOKEN = "bench-admin-token-0123456789";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final int HTTP_OK = 200;

  private final TallyNode node;
  private final String baseUrl;
  private final Config config;

  private BenchNode(TallyNode node, String baseUrl, Config config) {
    this.node = node;
    this.baseUrl = baseUrl;
    this.config = config;
  }

  /** Starts a node named {@code name}; {@code overrides} (HOCON) go on top of Tally's config. */
  public static BenchNode start(String name, String contactPoint, String overrides) {
    int httpPort = CassandraLauncher.freePort();
    // -D options (BENCH_JAVA_OPTS) win over everything, as they do for a real node.
    Config config = ConfigFactory.systemProperties().withFallback(ConfigFactory.parseString(String.join("\n",
            overrides,
            "tally.http.port = " + httpPort,
            "tally.http.auth.tokens = \"" + TOKEN + "=admin\"",
            "akka.remote.artery.canonical.port = " + CassandraLauncher.freePort(),
            "akka.cluster.jmx.multi-mbeans-in-same-jvm = on",
            "akka.loglevel = WARNING")))
        .withFallback(TestPersistenceConfig.forTest(name, contactPoint))
        .withFallback(ConfigFactory.load())
        .resolve();
    TallyNode node = TallyNode.start(config);
    String baseUrl = "http://127.0.0.1:" + httpPort;
    BenchNode started = new BenchNode(node, baseUrl, config);
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl + "/health/ready")).timeout(READY_TIMEOUT).build();
    Eventually.await(name + " ready", READY_TIMEOUT,
        () -> send(client, ready).statusCode() == HTTP_OK);
    return started;
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public TallyNode node() {
    return node;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public Config config() {
    return config;
  }

  public String journalKeyspace() {
    return config.getString("akka.persistence.cassandra.journal.keyspace");
  }

  @Override
  public void close() {
    node.stop(STOP_TIMEOUT);
  }
}
