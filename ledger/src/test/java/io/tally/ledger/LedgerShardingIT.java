package io.tally.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.persistence.cassandra.query.javadsl.CassandraReadJournal;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.typed.PersistenceId;
import akka.stream.javadsl.Sink;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.CassandraLauncher;
import io.tally.cluster.testing.TestPersistenceConfig;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;

/**
 * The ledger through Cluster Sharding on the real Cassandra journal: a new actor system (same
 * journal) recovers state, deduplication and the hash chain.
 */
public class LedgerShardingIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  private static Config config(Config persistence) {
    return ConfigFactory.parseString(
            "akka.actor.provider = cluster\n"
                + "akka.remote.artery.canonical.hostname = 127.0.0.1\n"
                + "akka.remote.artery.canonical.port = " + CassandraLauncher.freePort() + "\n"
                + "akka.cluster.jmx.multi-mbeans-in-same-jvm = on\n"
                + "akka.loggers = [\"akka.event.slf4j.Slf4jLogger\"]\n"
                + "akka.logging-filter = \"akka.event.slf4j.Slf4jLoggingFilter\"\n"
                + "tally.ledger.snapshot-every = 3\n"
                // The first write creates the journal's keyspace and tables (dev auto-create):
                // several seconds on a cold, busy node. This test is about recovery, not latency.
                + "tally.ledger.ask-timeout = 30s\n")
        .withFallback(persistence)
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  private static ActorTestKit startNode(String name, Config config) {
    ActorTestKit testKit = ActorTestKit.create(name, config);
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    testKit.createTestProbe().awaitAssert(TIMEOUT, () -> {
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });
    return testKit;
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  public void stateDedupeAndChainSurviveANewActorSystem() throws Exception {
    Config persistence = TestPersistenceConfig.forTest(getClass());
    Instant time = Instant.now().minusSeconds(5);
    String entity = "acc/it-1";
    ProposedEvent first = ProposedEvent.record(entity, "k1", time, new BigDecimal("10.25"), "crm");
    ProposedEvent second = ProposedEvent.record(entity, "k2", time, new BigDecimal("0.000000000000000001"), "crm");

    LedgerSummary before;
    ActorTestKit one = startNode("ledger-it-1", config(persistence));
    try {
      LedgerService ledger = ShardedLedgerService.init(one.system(), LedgerSettings.create(one.system().settings().config()), Clock.systemUTC());
      List<IngestOutcome> outcomes = await(ledger.ingest(entity, List.of(
          first, second, first,
          ProposedEvent.record(entity, "k3", time, new BigDecimal("5"), "crm"),
          ProposedEvent.retract(entity, "r1", time, "k3", "crm"))));
      assertTrue(outcomes.get(0) instanceof IngestOutcome.Accepted);
      assertTrue(outcomes.get(1) instanceof IngestOutcome.Accepted);
      assertEquals(new IngestOutcome.Duplicate(1), outcomes.get(2));
      assertTrue(outcomes.get(3) instanceof IngestOutcome.Accepted);
      assertTrue(outcomes.get(4) instanceof IngestOutcome.Accepted);
      before = await(ledger.state(entity));
      assertEquals(new BigDecimal("10.250000000000000001"), before.balance());
      assertEquals(4, before.lastSeqNr());
    } finally {
      one.shutdownTestKit();
    }

    ActorTestKit two = startNode("ledger-it-2", config(persistence));
    try {
      LedgerService ledger = ShardedLedgerService.init(two.system(), LedgerSettings.create(two.system().settings().config()), Clock.systemUTC());
      LedgerSummary recovered = await(ledger.state(entity));
      assertEquals(before.balance(), recovered.balance());
      assertEquals(before.lastHash(), recovered.lastHash());
      assertEquals(before.counts(), recovered.counts());

      List<IngestOutcome> again = await(ledger.ingest(entity, List.of(
          second,
          ProposedEvent.record(entity, "k1", time, new BigDecimal("99"), "crm"),
          ProposedEvent.retract(entity, "r1", time, "k3", "crm"),
          ProposedEvent.record(entity, "k4", time, BigDecimal.ONE, "crm"))));
      assertEquals("dedupe survives restart", new IngestOutcome.Duplicate(2), again.get(0));
      assertTrue("same key, other content", again.get(1) instanceof IngestOutcome.Conflict);
      assertEquals("retraction is a duplicate", new IngestOutcome.Duplicate(4), again.get(2));
      assertEquals(5, ((IngestOutcome.Accepted) again.get(3)).seqNr());

      CassandraReadJournal journal = PersistenceQuery.get(two.system().classicSystem())
          .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
      List<LedgerEvent> events = await(journal
          .currentEventsByPersistenceId(PersistenceId.of(LedgerEntity.ENTITY_TYPE_KEY.name(), entity).id(), 1, Long.MAX_VALUE)
          .map(e -> (LedgerEvent) e.event())
          .runWith(Sink.seq(), two.system()));
      assertEquals(5, events.size());
      HashChain.Verification chain = HashChain.verify(HashChain.GENESIS, events);
      assertTrue("chain intact across a snapshot and a restart: " + chain, chain.intact());
      assertEquals(await(ledger.state(entity)).lastHash(), chain.lastHash());
    } finally {
      two.shutdownTestKit();
    }
  }
}
