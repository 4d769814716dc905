package io.tally.http.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.tally.cluster.CassandraLauncher;
import io.tally.cluster.CassandraNodeSettings;
import io.tally.cluster.RunningCassandra;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where the application's Cassandra is: the configured contact points, or, when there are none,
 * an embedded dev node started here (and stopped by {@link #close()}).
 */
public final class CassandraConnection implements AutoCloseable {

  private static final String CONTACT_POINTS = "tally.cassandra.contact-points";
  private static final String DRIVER_CONTACT_POINTS = "datastax-java-driver.basic.contact-points";

  private final List<String> contactPoints;
  private final Optional<RunningCassandra> embedded;

  private CassandraConnection(List<String> contactPoints, Optional<RunningCassandra> embedded) {
    this.contactPoints = List.copyOf(contactPoints);
    this.embedded = embedded;
  }

  /**
   * Uses {@code tally.cassandra.contact-points} when set; otherwise starts the embedded node if
   * {@code tally.cassandra.embedded.enabled}, and fails if it is not.
   */
  public static CassandraConnection open(Config config) {
    List<String> configured =
        Arrays.stream(config.getString(CONTACT_POINTS).split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
    if (!configured.isEmpty()) {
      return new CassandraConnection(configured, Optional.empty());
    }
    Config embedded = config.getConfig("tally.cassandra.embedded");
    if (!embedded.getBoolean("enabled")) {
      throw new IllegalStateException(
          CONTACT_POINTS + " is empty and the embedded Cassandra is disabled: nothing to connect to");
    }
    RunningCassandra node = CassandraLauncher.start(CassandraNodeSettings.fromConfig(embedded));
    return new CassandraConnection(List.of(node.contactPoint()), Optional.of(node));
  }

  public List<String> contactPoints() {
    return contactPoints;
  }

  public Optional<RunningCassandra> embeddedNode() {
    return embedded;
  }

  /** The driver settings that point every Akka Cassandra plugin at this store. */
  public Config driverConfig() {
    return ConfigFactory.empty()
        .withValue(DRIVER_CONTACT_POINTS, ConfigValueFactory.fromIterable(contactPoints))
        .withValue(CONTACT_POINTS, ConfigValueFactory.fromAnyRef(String.join(",", contactPoints)));
  }

  /** Stops the embedded node, if this connection started one. */
  @Override
  public void close() {
    embedded.ifPresent(RunningCassandra::stop);
  }
}
