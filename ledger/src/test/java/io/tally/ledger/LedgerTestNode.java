package io.tally.ledger;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.stream.alpakka.cassandra.javadsl.CassandraSessionRegistry;
import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.CassandraLauncher;
import io.tally.cluster.testing.TestPersistenceConfig;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One cluster node of the ledger alone on the real Cassandra journal (no read side): sharded
 * ledger entities, and a driver session on the journal's keyspace for tests that look at rows.
 */
public final class LedgerTestNode implements AutoCloseable {

  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  public final ActorTestKit testKit;
  public final LedgerService ledger;
  public final LedgerSettings settings;
  public final String journalKeyspace;

  private LedgerTestNode(ActorTestKit testKit, LedgerService ledger, LedgerSettings settings, String journalKeyspace) {
    this.testKit = testKit;
    this.ledger = ledger;
    this.settings = settings;
    this.journalKeyspace = journalKeyspace;
  }

  /** The test class's own keyspaces on the shared Cassandra node, with {@code overrides} first. */
  public static Config config(Class<?> testClass, String overrides) {
    return config(TestPersistenceConfig.forTest(testClass), overrides);
  }

  /** A node's config on the given persistence settings (two nodes in turn may share a journal). */
  public static Config config(Config persistence, String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.parseString(
            "akka.actor.provider = cluster\n"
                + "akka.remote.artery.canonical.hostname = 127.0.0.1\n"
                + "akka.remote.artery.canonical.port = " + CassandraLauncher.freePort() + "\n"
                + "akka.cluster.jmx.multi-mbeans-in-same-jvm = on\n"
                + "akka.loggers = [\"akka.event.slf4j.Slf4jLogger\"]\n"
                + "akka.logging-filter = \"akka.event.slf4j.Slf4jLoggingFilter\"\n"
                // The first write creates the journal's keyspace and tables (dev auto-create):
                // several seconds on a cold, busy node, past the driver's default 2 s request
                // timeout (a keyspace creation that times out is not retried).
                + "datastax-java-driver.basic.request.timeout = 10s\n"
                + "tally.ledger.ask-timeout = 30s\n"
                // Leaving the cluster, stopping sharding and (on a read side) its projections took
                // past the test kit's default 10 s on a busy 2-core machine.
                + "akka.actor.testkit.typed.system-shutdown-default = 30s\n"))
        .withFallback(persistence)
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  /** Starts the node, joins it to itself and starts the ledger's sharding. */
  public static LedgerTestNode start(String name, Config config) throws Exception {
    ActorTestKit testKit = ActorTestKit.create(name, config);
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    testKit.createTestProbe().awaitAssert(TIMEOUT, () -> {
      if (!cluster.selfMember().status().equals(MemberStatus.up())) {
        throw new AssertionError("not up yet");
      }
      return null;
    });
    LedgerSettings settings = LedgerSettings.create(config);
    LedgerService ledger = ShardedLedgerService.init(testKit.system(), settings, Clock.systemUTC());
    return new LedgerTestNode(testKit, ledger, settings, config.getString("akka.persistence.cassandra.journal.keyspace"));
  }

  /**
   * The persistence plugin's driver session. Ask only after the ledger has written: the registry
   * keeps the first session asked for, and the plugin's own asks create its keyspaces and tables.
   */
  public CqlSession cql() throws Exception {
    return await(CassandraSessionRegistry.get(testKit.system()).sessionFor("akka.persistence.cassandra").underlying());
  }

  public List<IngestOutcome> ingest(String entity, List<ProposedEvent> events) throws Exception {
    return await(ledger.ingest(entity, events));
  }

  /**
   * Writes {@code sizes.length} commands to the entity, command i holding {@code sizes[i]} fresh
   * events, and asserts each was accepted whole; returns how many events were written.
   */
  public long ingestInCommands(String entity, int[] sizes) throws Exception {
    long written = 0;
    for (int w = 0; w < sizes.length; w++) {
      List<ProposedEvent> events = new ArrayList<>();
      for (int i = 0; i < sizes[w]; i++) {
        events.add(ProposedEvent.record(entity, entity + "-" + w + "-" + i, Instant.now(), BigDecimal.ONE, "it"));
      }
      long accepted = ingest(entity, events).stream().filter(o -> o instanceof IngestOutcome.Accepted).count();
      if (accepted != sizes[w]) {
        throw new AssertionError(entity + ": " + accepted + " of " + sizes[w] + " events accepted");
      }
      written += sizes[w];
    }
    return written;
  }

  public static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    testKit.shutdownTestKit();
  }
}
