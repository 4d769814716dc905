package io.tally.cluster.testing;

import io.tally.cluster.CassandraLauncher;
import io.tally.cluster.CassandraNodeSettings;
import io.tally.cluster.RunningCassandra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The one Cassandra node of a test JVM, started lazily on first use from the cluster-config
 * launcher and stopped when the JVM exits (or, if the JVM is killed, by the node's own parent
 * watchdog). Ports are free ephemeral ones, so a node the developer already runs is never hit.
 *
 * <p>{@code -Dtally.it.cassandra=host:port} uses an already-running node instead.
 */
public final class SharedCassandra {

  /** Points the tests at an external node instead of starting one. */
  public static final String EXTERNAL_PROPERTY = "tally.it.cassandra";
  /** Folder under which test nodes keep their files (set by Failsafe to target/it-cassandra). */
  public static final String WORK_DIR_PROPERTY = "tally.it.work-dir";

  private static final String HEAP = "1g";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private static String contactPoint;

  private SharedCassandra() {}

  /** host:port of the shared node, starting it if this JVM has none yet. */
  public static synchronized String contactPoint() {
    if (contactPoint == null) {
      contactPoint =
          Optional.ofNullable(System.getProperty(EXTERNAL_PROPERTY))
              .filter(s -> !s.isBlank())
              .orElseGet(SharedCassandra::startShared);
    }
    return contactPoint;
  }

  /**
   * Starts a node of the test's own (for tests that stop, kill or restart Cassandra and so must
   * not disturb the shared one). The caller stops it.
   */
  public static RunningCassandra startPrivate(String name) {
    return CassandraLauncher.start(freshSettings(name));
  }

  /** Settings for a fresh node under the work dir, on free ports. */
  public static CassandraNodeSettings freshSettings(String name) {
    Path dir = WorkDirs.fresh(WorkDirs.root(WORK_DIR_PROPERTY, "tally-it-cassandra").resolve(name));
    return new CassandraNodeSettings(
        dir,
        "127.0.0.1",
        CassandraLauncher.freePort(),
        CassandraLauncher.freePort(),
        HEAP,
        START_TIMEOUT,
        STOP_TIMEOUT,
        Optional.empty());
  }

  private static String startShared() {
    RunningCassandra node = startPrivate("shared");
    Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "tally-it-cassandra-stop"));
    System.out.printf(
        "tally-it: shared Cassandra pid %d on %s, started in %d ms%n",
        node.pid(), node.contactPoint(), node.startupTime().toMillis());
    return node.contactPoint();
  }
}
