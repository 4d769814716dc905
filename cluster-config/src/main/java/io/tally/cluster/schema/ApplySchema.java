package io.tally.cluster.schema;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the production schema to a Cassandra cluster (the Kubernetes schema Job; see
 * docs/deployment.md). Keyspace names, contact points and the local datacenter come from the same
 * config as a node ({@code -Dconfig.resource=tally-prod.conf}: {@code TALLY_CASSANDRA_*}); the
 * driver's own settings ({@code -Ddatastax-java-driver.advanced.auth-provider...}) apply too.
 *
 * <pre>
 *   ApplySchema --replication dc-east:3[,dc-west:3] [--print]
 * </pre>
 *
 * {@code --print} writes the statements to stdout instead of running them (for cqlsh).
 * Exit status 0 when every statement ran, 2 on a usage or Cassandra error.
 */
public final class ApplySchema {

  private ApplySchema() {}

  public static void main(String[] args) {
    try {
      Map<String, Integer> replication = null;
      boolean print = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--replication" -> replication = parseReplication(valueAfter(args, i++));
          case "--print" -> print = true;
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (replication == null) {
        throw new IllegalArgumentException("--replication <datacenter>:<replicas>[,...] is required");
      }
      Config config = ConfigFactory.load();
      SchemaKeyspaces keyspaces = SchemaKeyspaces.fromConfig(config);
      ProductionSchema schema = ProductionSchema.load();
      if (print) {
        schema.statements(keyspaces, replication).forEach(s -> System.out.println(s + ";"));
        return;
      }
      try (CqlSession session = session(config)) {
        schema.apply(session, keyspaces, replication);
        System.out.printf("tally-schema: applied to keyspaces %s (replication %s); schema agreement: %s%n",
            keyspaces, replication, session.checkSchemaAgreement());
      }
    } catch (RuntimeException e) {
      System.err.println("tally-schema: " + e.getMessage());
      System.exit(2);
    }
  }

  /** {@code dc1:3,dc2:3} → ordered map. */
  static Map<String, Integer> parseReplication(String text) {
    Map<String, Integer> result = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String[] dcAndCount = part.trim().split(":");
      if (dcAndCount.length != 2) {
        throw new IllegalArgumentException("replication must be <datacenter>:<replicas>[,...], not " + text);
      }
      result.put(dcAndCount[0].trim(), Integer.parseInt(dcAndCount[1].trim()));
    }
    return result;
  }

  private static CqlSession session(Config config) {
    List<InetSocketAddress> contactPoints =
        Arrays.stream(config.getString("tally.cassandra.contact-points").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(ApplySchema::address)
            .toList();
    if (contactPoints.isEmpty()) {
      throw new IllegalArgumentException("tally.cassandra.contact-points (TALLY_CASSANDRA_CONTACT_POINTS) is empty");
    }
    return CqlSession.builder()
        .addContactPoints(contactPoints)
        .withLocalDatacenter(config.getString("tally.cassandra.local-datacenter"))
        .build();
  }

  private static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return colon < 0
        ? InetSocketAddress.createUnresolved(hostPort, 9042)
        : InetSocketAddress.createUnresolved(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }

  private static String valueAfter(String[] args, int i) {
    if (i + 1 >= args.length) {
      throw new IllegalArgumentException(args[i] + " needs a value");
    }
    return args[i + 1];
  }
}
