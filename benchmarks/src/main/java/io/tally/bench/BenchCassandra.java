package io.tally.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.tally.cluster.CassandraLauncher;
import io.tally.cluster.RunningCassandra;
import io.tally.cluster.testing.SharedCassandra;

/**
 * The run's one Cassandra node: the cluster-config launcher on loopback and free ports, with the
 * same settings as the integration tests (the launcher's commit-log mode; 1 GiB heap unless
 * {@code --cassandra-heap} says otherwise), under {@code benchmarks/target/bench-cassandra}.
 * {@code -Dtally.it.cassandra=host:port} uses a running node instead.
 */
public final class BenchCassandra implements AutoCloseable {

  private static final String NODE_NAME = "bench";
  private static final String DRIVER_TIMEOUT = "30s";

  private final RunningCassandra node;
  private final String contactPoint;

  private BenchCassandra(RunningCassandra node, String contactPoint) {
    this.node = node;
    this.contactPoint = contactPoint;
  }

  public static BenchCassandra start(String heap) {
    String external = System.getProperty(SharedCassandra.EXTERNAL_PROPERTY, "");
    if (!external.isBlank()) {
      return new BenchCassandra(null, external);
    }
    RunningCassandra node = CassandraLauncher.start(SharedCassandra.freshSettings(NODE_NAME).withHeap(heap));
    System.out.printf("bench: Cassandra pid %d on %s (heap %s), started in %d ms%n",
        node.pid(), node.contactPoint(), heap, node.startupTime().toMillis());
    return new BenchCassandra(node, node.contactPoint());
  }

  public String contactPoint() {
    return contactPoint;
  }

  /** The Cassandra node's process id (for profiling), or -1 for an external node. */
  public long pid() {
    return node == null ? -1 : node.pid();
  }

  /** A driver session of the harness's own (raw baselines), closed by the caller. */
  public CqlSession session() {
    return CqlSession.builder()
        .withConfigLoader(DriverConfigLoader.fromString("datastax-java-driver { basic.contact-points = [\""
            + contactPoint + "\"], basic.load-balancing-policy.local-datacenter = datacenter1, "
            + "basic.request.timeout = " + DRIVER_TIMEOUT + ", advanced.connection.max-requests-per-connection = 32768, "
            // Cassandra warns on every request while it back-pressures the raw writer at hundreds in flight.
            + "advanced.request.log-warnings = false }"))
        .build();
  }

  @Override
  public void close() {
    if (node != null) {
      node.stop();
    }
  }
}
