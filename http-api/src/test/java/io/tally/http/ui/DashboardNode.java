package io.tally.http.ui;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.CassandraLauncher;
import io.tally.cluster.testing.SharedCassandra;
import io.tally.cluster.testing.TestPersistenceConfig;
import io.tally.http.NodeClient;
import io.tally.http.TallyNodeIT;
import io.tally.http.node.TallyNode;
import java.time.Duration;

/**
 * A real node for the dashboard tests, on the shared Cassandra with the test class's own
 * keyspaces: an admin and a read token, 1 s windows and fast read-side timings, the drift detector
 * on demand only and auto-repair off (so a planted divergence waits as a proposed repair), plus a
 * CQL session to plant it with.
 */
final class DashboardNode implements AutoCloseable {

  static final String ADMIN = "ui-admin-token-0123456789";
  static final String READ = "ui-read-token-0123456789";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  final TallyNode node;
  final String base;
  final NodeClient client;
  final Config config;
  final CqlSession cql;

  private DashboardNode(TallyNode node, int port, Config config, CqlSession cql) {
    this.node = node;
    this.base = "http://127.0.0.1:" + port;
    this.client = new NodeClient(port, node.system());
    this.config = config;
    this.cql = cql;
  }

  static DashboardNode start(Class<?> testClass) {
    int port = CassandraLauncher.freePort();
    Config config = ConfigFactory.parseString(String.join("\n",
            "tally.http.auth.tokens = \"ui-admin:" + ADMIN + "=admin,ui-read:" + READ + "=read\"",
            "tally.ledger.window-size = 1s",
            "tally.ledger.allowed-lateness = 1s",
            "tally.ledger.slices = 2",
            "akka.persistence.cassandra.events-by-tag.eventual-consistency-delay = 200ms",
            "akka.persistence.cassandra.query.refresh-interval = 100ms",
            "tally.projections.window-views.group-after-duration = 50ms",
            "tally.projections.drift.interval = 0s",
            "tally.projections.drift.auto-repair = off",
            "tally.projections.drift.lookback = 120s",
            "tally.projections.drift.settle-time = 2s",
            "tally.projections.drift.recheck-delay = 300ms"))
        .withFallback(TallyNodeIT.nodeConfig(TestPersistenceConfig.forTest(testClass), port));
    TallyNode node = TallyNodeIT.startReady(config);
    CqlSession cql = CqlSession.builder().withConfigLoader(DriverConfigLoader.fromString(String.join("\n",
            "datastax-java-driver {",
            "  basic.contact-points = [\"" + SharedCassandra.contactPoint() + "\"]",
            "  basic.load-balancing-policy.local-datacenter = datacenter1",
            "  basic.request.timeout = 30s",
            "}")))
        .build();
    return new DashboardNode(node, port, config, cql);
  }

  String viewsKeyspace() {
    return config.getString("tally.projections.keyspace");
  }

  @Override
  public void close() {
    try {
      cql.close();
    } finally {
      node.stop(STOP_TIMEOUT);
    }
  }
}
