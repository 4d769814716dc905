package io.tally.http.cluster;

import static org.junit.Assert.assertEquals;

import akka.cluster.sharding.typed.HashCodeMessageExtractor;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.CassandraLauncher;
import io.tally.cluster.testing.Eventually;
import io.tally.cluster.testing.TestPersistenceConfig;
import io.tally.ledger.LedgerEntity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * N Tally nodes as separate processes on 127.0.0.1, formed with Cluster Bootstrap and config
 * discovery (tally-local.conf) on the test JVM's shared Cassandra node, with keyspaces of their
 * own. Settings that make a test observable quickly: 1 s windows, short eventsByTag delays, the
 * drift detector on demand only.
 */
final class LocalTallyCluster implements AutoCloseable {

  static final int SLICES = 8;
  static final String TOKEN = "it-cluster-admin-token-0123456789";
  static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  static final Duration POLL = Duration.ofMillis(250);
  /** A window written now is compared by the detector after window + lateness + settle-time (below), plus a margin. */
  static final Duration WINDOWS_SETTLE_WITHIN = Duration.ofSeconds(1 + 1 + 2 + 1);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final int NUMBER_OF_SHARDS =
      ConfigFactory.parseResources("tally-cluster.conf").getInt("akka.cluster.sharding.number-of-shards");

  private final List<NodeProcess> nodes;
  private final TallyHttp http = new TallyHttp(TOKEN, REQUEST_TIMEOUT);

  private LocalTallyCluster(List<NodeProcess> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  static LocalTallyCluster start(Class<?> testClass, int size) {
    return start(testClass, size, List.of());
  }

  /** As {@link #start(Class, int)}, with HOCON lines of the test's own appended to the nodes' config. */
  static LocalTallyCluster start(Class<?> testClass, int size, List<String> extraConfig) {
    return start(testClass, size, TestPersistenceConfig.forTest(testClass), extraConfig);
  }

  /** As {@link #start(Class, int, List)}, on the Cassandra node and keyspaces of {@code persistence}. */
  static LocalTallyCluster start(Class<?> testClass, int size, Config persistence, List<String> extraConfig) {
    Path dir = Path.of(System.getProperty("basedir", "."), "target", "it-cluster", testClass.getSimpleName())
        .toAbsolutePath();
    List<int[]> ports = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(new int[] {CassandraLauncher.freePort(), CassandraLauncher.freePort(), CassandraLauncher.freePort()});
    }
    Path configFile = dir.resolve("cluster.conf");
    try {
      deleteLogs(dir);
      Files.createDirectories(dir);
      Files.writeString(configFile, clusterConfig(persistence, ports, extraConfig));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<NodeProcess> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      int[] p = ports.get(i);
      nodes.add(new NodeProcess(i + 1, p[0], p[1], p[2], configFile, dir));
    }
    LocalTallyCluster cluster = new LocalTallyCluster(nodes);
    try {
      // The first node alone creates the dev keyspaces and tables (auto-create) before the others
      // start: concurrent schema changes from several nodes time out on a busy machine.
      nodes.get(0).start();
      cluster.awaitServing(nodes.get(0));
      nodes.subList(1, nodes.size()).forEach(NodeProcess::start);
      nodes.forEach(cluster::awaitReady);
      cluster.awaitMembersUp(nodes.get(0), size);
    } catch (RuntimeException | AssertionError e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private static String clusterConfig(Config persistence, List<int[]> ports, List<String> extraConfig) {
    String endpoints = ports.stream()
        .map(p -> "{host = \"127.0.0.1\", port = " + p[2] + "}")
        .collect(Collectors.joining(", "));
    return String.join("\n",
        "include classpath(\"tally-local.conf\")",
        "tally.cassandra.contact-points = \"" + persistence.getString("tally.cassandra.contact-points") + "\"",
        copy(persistence, "akka.persistence.cassandra.journal.keyspace"),
        copy(persistence, "akka.persistence.cassandra.snapshot.keyspace"),
        copy(persistence, "akka.projection.cassandra.offset-store.keyspace"),
        copy(persistence, "tally.projections.keyspace"),
        copy(persistence, "akka.persistence.cassandra.events-by-tag.first-time-bucket"),
        "akka.discovery.config.services.tally.endpoints = [" + endpoints + "]",
        "akka.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr = " + ports.size(),
        "tally.http.auth.tokens = \"" + TOKEN + "=admin\"",
        // Not the 200 ms of the single-node tests: with three nodes, Cassandra and the build on two
        // cores, a tag write can land later than that after its timestamp, and eventsByTag only
        // notices such an event when the next event of the same entity arrives.
        "akka.persistence.cassandra.events-by-tag.eventual-consistency-delay = 2s",
        "akka.persistence.cassandra.query.refresh-interval = 500ms",
        "tally.ledger.slices = " + SLICES,
        "tally.ledger.window-size = 1s",
        "tally.ledger.allowed-lateness = 1s",
        "tally.projections.window-views.group-after-duration = 50ms",
        "tally.projections.window-views.restart-backoff.min = 200ms",
        // On demand only: a periodic run would repair what the test must see reported.
        "tally.projections.drift.interval = 0s",
        "tally.projections.drift.lookback = 30m",
        "tally.projections.drift.settle-time = 2s",
        String.join("\n", extraConfig),
        "");
  }

  private static void deleteLogs(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (var files = Files.list(dir)) {
        for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
          Files.delete(log);
        }
      }
    }
  }

  private static String copy(Config config, String path) {
    return path + " = \"" + config.getString(path) + "\"";
  }

  List<NodeProcess> nodes() {
    return nodes;
  }

  NodeProcess node(int index) {
    return nodes.get(index - 1);
  }

  TallyHttp http() {
    return http;
  }

  /** Ready: a cluster member (Up) that reaches Cassandra. */
  void awaitReady(NodeProcess node) {
    awaitHealth(node, "/health/ready");
  }

  /** Serving HTTP, whether or not it has joined a cluster yet. */
  void awaitServing(NodeProcess node) {
    awaitHealth(node, "/health/alive");
  }

  private void awaitHealth(NodeProcess node, String path) {
    Eventually.within(START_TIMEOUT, POLL, node + " " + path, () -> {
      if (!node.isAlive()) {
        throw new Eventually.Hopeless(node + " exited; see its log under " + node.logDir());
      }
      assertEquals(200, http.get(node.httpBase() + path).status());
      return null;
    });
  }

  /** Waits until {@code via} sees exactly {@code count} members, all Up, none unreachable. */
  void awaitMembersUp(NodeProcess via, int count) {
    Eventually.within(START_TIMEOUT, POLL, count + " members Up seen by " + via, () -> {
      JsonNode members = http.get(via.managementBase() + "/cluster/members").body();
      Set<String> up = new TreeSet<>();
      members.get("members").forEach(m -> {
        if ("Up".equals(m.get("status").asText())) {
          up.add(m.get("node").asText());
        }
      });
      assertEquals("members " + members, count, members.get("members").size());
      assertEquals("Up members " + members, count, up.size());
      assertEquals("unreachable " + members, 0, members.get("unreachable").size());
      return up;
    });
  }

  /** The node the cluster reports as oldest (it hosts the shard coordinator and singletons). */
  NodeProcess oldest(NodeProcess via) throws IOException, InterruptedException {
    String oldest = http.get(via.managementBase() + "/cluster/members").body().get("oldest").asText();
    return nodes.stream().filter(n -> n.clusterAddress().equals(oldest)).findFirst()
        .orElseThrow(() -> new AssertionError("oldest " + oldest + " is none of " + nodes));
  }

  /**
   * The one node whose ledger region hosts the shard of {@code entityKey} (Akka Management's shard
   * statistics of every node; the shard id as the sharding's default extractor computes it).
   */
  NodeProcess hostOf(String entityKey) throws IOException, InterruptedException {
    String shard = new HashCodeMessageExtractor<>(NUMBER_OF_SHARDS).shardId(entityKey);
    List<NodeProcess> hosts = new ArrayList<>();
    for (NodeProcess node : nodes) {
      TallyHttp.Answer stats =
          http.get(node.managementBase() + "/cluster/shards/" + LedgerEntity.ENTITY_TYPE_KEY.name());
      assertEquals("shard statistics of " + node + ": " + stats.body(), 200, stats.status());
      for (JsonNode region : stats.body().path("regions")) {
        if (shard.equals(region.path("shardId").asText())) {
          hosts.add(node);
        }
      }
    }
    assertEquals("nodes hosting shard " + shard + " of " + entityKey, 1, hosts.size());
    return hosts.get(0);
  }

  @Override
  public void close() {
    for (NodeProcess node : nodes) {
      if (node.isAlive()) {
        node.kill(STOP_TIMEOUT);
      }
    }
  }
}
