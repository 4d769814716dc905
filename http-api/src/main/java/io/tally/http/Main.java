package io.tally.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import io.tally.http.logging.LogFormat;
import io.tally.http.node.CassandraConnection;
import io.tally.http.node.CommonPoolParallelism;
import io.tally.http.node.DevFirstTimeBucket;
import io.tally.http.node.SupervisorWatch;
import io.tally.http.node.TallyNode;

/**
 * Starts Tally: Cassandra (the configured cluster, or an embedded dev node), then the node with its
 * HTTP API. On SIGTERM/Ctrl-C the JVM's shutdown runs Akka's coordinated shutdown first and stops
 * the embedded Cassandra only after the actor system (and so every journal write) has finished.
 */
public final class Main {

  /** Bounds the wait for the actor system before the embedded node is stopped anyway. */
  private static final Duration TERMINATION_WAIT = Duration.ofSeconds(60);

  private Main() {}

  public static void main(String[] args) {
    CommonPoolParallelism.ensureAtLeastTwo();
    Config base = ConfigFactory.load();
    LogFormat.fromConfig(base).applyAtStartup();
    CassandraConnection cassandra = CassandraConnection.open(base);
    Config config = cassandra.driverConfig();
    if (cassandra.embeddedNode().isPresent()) {
      Path dataDir = cassandra.embeddedNode().get().settings().dataDir();
      config = config.withFallback(DevFirstTimeBucket.forDataDir(dataDir, Clock.systemUTC()));
    }
    TallyNode node;
    try {
      node = TallyNode.start(config.withFallback(base).resolve());
    } catch (RuntimeException e) {
      cassandra.close();
      throw e;
    }
    SupervisorWatch.start(node.system(), node.system().settings().config());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> stopStoreAfter(node, cassandra), "tally-stop-cassandra"));
    System.out.printf(
        "Tally is up: http://%s:%d (health: /health/ready, Cassandra: %s)%n",
        node.httpAddress().getHostString(),
        node.httpAddress().getPort(),
        String.join(",", cassandra.contactPoints()));
    awaitTermination(node);
    cassandra.close();
  }

  private static void stopStoreAfter(TallyNode node, CassandraConnection cassandra) {
    awaitTermination(node);
    cassandra.close();
  }

  private static void awaitTermination(TallyNode node) {
    try {
      node.system()
          .getWhenTerminated()
          .toCompletableFuture()
          .get(TERMINATION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      // Main waits again; only the shutdown hook gives up after the bound.
      if (Thread.currentThread().getName().equals("main")) {
        awaitTermination(node);
      }
    } catch (Exception e) {
      Thread.currentThread().interrupt();
    }
  }
}
