package io.tally.cluster;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how to run the dev/test Kafka broker; built from {@code tally.kafka.embedded}
 * (documented in {@code tally-kafka.conf}). One KRaft node that is both broker and controller.
 *
 * @param dataDir every file of the broker (topic logs, metadata log, logs, generated config) lives
 *     below it; a restart on the same folder keeps the topics
 * @param host the only address the broker binds to, for clients and for its controller
 * @param port the client listener (what {@code bootstrap.servers} points at)
 * @param controllerPort the KRaft controller listener (bound even for a single node)
 * @param heap -Xmx/-Xms of the broker's JVM, e.g. "512m"
 * @param startTimeout how long to wait for the first answered metadata request
 * @param stopTimeout how long to wait after SIGTERM before killing the broker
 * @param javaHome a Java 17+ home for the broker; empty = the JVM running the launcher
 */
public record KafkaBrokerSettings(
    Path dataDir,
    String host,
    int port,
    int controllerPort,
    String heap,
    Duration startTimeout,
    Duration stopTimeout,
    Optional<Path> javaHome) {

  /** The dev/test broker is never reachable from outside this machine. */
  public static final String LOOPBACK = "127.0.0.1";

  public KafkaBrokerSettings {
    if (!LOOPBACK.equals(host)) {
      // Not even "localhost": it may resolve to ::1 or to more than one address.
      throw new IllegalArgumentException(
          "the embedded Kafka broker binds to " + LOOPBACK + " only, not " + host);
    }
    if (port == controllerPort) {
      throw new IllegalArgumentException(
          "the client and controller listeners need two ports, both are " + port);
    }
  }

  /** Reads the {@code tally.kafka.embedded} section. */
  public static KafkaBrokerSettings fromConfig(Config embedded) {
    String javaHome = embedded.getString("java-home");
    return new KafkaBrokerSettings(
        Path.of(embedded.getString("data-dir")).toAbsolutePath(),
        embedded.getString("host"),
        embedded.getInt("port"),
        embedded.getInt("controller-port"),
        embedded.getString("heap"),
        embedded.getDuration("start-timeout"),
        embedded.getDuration("stop-timeout"),
        javaHome.isBlank() ? Optional.empty() : Optional.of(Path.of(javaHome)));
  }

  public KafkaBrokerSettings withPorts(int clientPort, int controllerListenerPort) {
    return new KafkaBrokerSettings(
        dataDir, host, clientPort, controllerListenerPort, heap, startTimeout, stopTimeout,
        javaHome);
  }

  public KafkaBrokerSettings withDataDir(Path dir) {
    return new KafkaBrokerSettings(
        dir, host, port, controllerPort, heap, startTimeout, stopTimeout, javaHome);
  }

  /** host:port as a Kafka client's {@code bootstrap.servers} expects it. */
  public String bootstrapServers() {
    return host + ":" + port;
  }

  /** Where the broker keeps topic partitions and the KRaft metadata log. */
  Path logDirs() {
    return dataDir.resolve("data");
  }

  /** Generated server.properties and log4j2 configuration. */
  Path confDir() {
    return dataDir.resolve("conf");
  }

  /** The broker's server.log and the JVM's own output. */
  Path logDir() {
    return dataDir.resolve("logs");
  }
}
