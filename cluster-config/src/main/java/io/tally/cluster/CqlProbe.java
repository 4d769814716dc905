package io.tally.cluster;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.time.Duration;

/**
 * Readiness of a Cassandra node as a client sees it: open a CQL session and get an answer from
 * {@code system.local}. Nothing less (an open port, a log line) proves the node serves queries.
 */
final class CqlProbe {

  private static final String LOCAL_DATACENTER = "datacenter1";

  private CqlProbe() {}

  /** @return the node's release version */
  static String releaseVersion(String contactPoint, Duration timeout) {
    // fromString() merges with the driver's reference.conf only, so an application.conf aimed at
    // another cluster cannot redirect the probe.
    String config =
        "datastax-java-driver {\n"
            + "  basic.contact-points = [\"" + contactPoint + "\"]\n"
            + "  basic.load-balancing-policy.local-datacenter = " + LOCAL_DATACENTER + "\n"
            + "  basic.request.timeout = " + timeout.toMillis() + "ms\n"
            + "  advanced.connection.connect-timeout = " + timeout.toMillis() + "ms\n"
            + "  advanced.connection.init-query-timeout = " + timeout.toMillis() + "ms\n"
            + "  advanced.control-connection.timeout = " + timeout.toMillis() + "ms\n"
            + "}\n";
    try (CqlSession session =
        CqlSession.builder().withConfigLoader(DriverConfigLoader.fromString(config)).build()) {
      return session
          .execute("SELECT release_version FROM system.local")
          .one()
          .getString("release_version");
    }
  }
}
