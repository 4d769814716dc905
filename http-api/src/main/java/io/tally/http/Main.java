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
import io.tally.http.node.KafkaConnection;
import io.tally.http.node.SupervisorWatch;
import io.tally.http.node.TallyNode;

/**
 * Starts Tally: Cassandra (the configured cluster, or an embedded dev node), the development Kafka
 * broker when change data capture names topics but no brokers, then the node with its HTTP API. On
 * SIGTERM/Ctrl-C the JVM's shutdown runs Akka's coordinated shutdown first (the Kafka source drains
 * and commits) and stops the embedded broker and Cassandra only after the actor system (and so
 * every journal write) has finished.
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
    KafkaConnection kafka;
    TallyNode node;
    try {
      kafka = KafkaConnection.open(base);
    } catch (RuntimeException e) {
      cassandra.close();
      throw e;
    }
    try {
      node = TallyNode.start(kafka.sourceConfig().withFallback(config).withFallback(base).resolve());
    } catch (RuntimeException e) {
      kafka.close();
      cassandra.close();
      throw e;
    }
    SupervisorWatch.start(node.system(), node.system().settings().config());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> stopStoresAfter(node, kafka, cassandra), "tally-stop-cassandra"));
    System.out.printf(
        "Tally is up: http://%s:%d (health: /health/ready, Cassandra: %s%s)%n",
        node.httpAddress().getHostString(),
        node.httpAddress().getPort(),
        String.join(",", cassandra.contactPoints()),
        kafka.embeddedBroker().map(b -> ", Kafka: " + b.bootstrapServers()).orElse(""));
    stopStoresAfter(node, kafka, cassandra);
  }

  private static void stopStoresAfter(TallyNode node, KafkaConnection kafka, CassandraConnection cassandra) {
    awaitTermination(node);
    kafka.close();
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
