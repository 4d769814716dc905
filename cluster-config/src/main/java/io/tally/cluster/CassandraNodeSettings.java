package io.tally.cluster;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how to run the dev/test Cassandra node; built from {@code tally.cassandra.embedded}
 * (documented in {@code tally-cassandra.conf}).
 *
 * @param dataDir every file of the node (data, commit log, logs, generated config) lives below it
 * @param host the only address the node binds to
 * @param nativePort CQL port
 * @param storagePort inter-node port (bound even for a single node)
 * @param heap -Xmx/-Xms of the node's JVM, e.g. "1g"
 * @param startTimeout how long to wait for the first answered CQL query
 * @param stopTimeout how long to wait after SIGTERM before killing the node
 * @param javaHome a Java 17 home for the node; empty = this JVM if it is 17, else a JDK 17 found
 *     under /usr/lib/jvm
 */
public record CassandraNodeSettings(
    Path dataDir,
    String host,
    int nativePort,
    int storagePort,
    String heap,
    Duration startTimeout,
    Duration stopTimeout,
    Optional<Path> javaHome) {

  public CassandraNodeSettings {
    if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
      // The dev/test node is never reachable from outside this machine.
      throw new IllegalArgumentException("embedded Cassandra binds to loopback only, not " + host);
    }
  }

  /** Reads the {@code tally.cassandra.embedded} section. */
  public static CassandraNodeSettings fromConfig(Config embedded) {
    String javaHome = embedded.getString("java-home");
    return new CassandraNodeSettings(
        Path.of(embedded.getString("data-dir")).toAbsolutePath(),
        embedded.getString("host"),
        embedded.getInt("native-port"),
        embedded.getInt("storage-port"),
        embedded.getString("heap"),
        embedded.getDuration("start-timeout"),
        embedded.getDuration("stop-timeout"),
        javaHome.isBlank() ? Optional.empty() : Optional.of(Path.of(javaHome)));
  }

  public CassandraNodeSettings withPorts(int nativePort, int storagePort) {
    return new CassandraNodeSettings(
        dataDir, host, nativePort, storagePort, heap, startTimeout, stopTimeout, javaHome);
  }

  public CassandraNodeSettings withDataDir(Path dir) {
    return new CassandraNodeSettings(
        dir, host, nativePort, storagePort, heap, startTimeout, stopTimeout, javaHome);
  }

  public CassandraNodeSettings withHeap(String nodeHeap) {
    return new CassandraNodeSettings(
        dataDir, host, nativePort, storagePort, nodeHeap, startTimeout, stopTimeout, javaHome);
  }

  /** host:port as the DataStax driver's {@code basic.contact-points} expects it. */
  public String contactPoint() {
    return host + ":" + nativePort;
  }
}
