package io.tally.ledger;

import static io.tally.ledger.LedgerTestNode.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.persistence.cassandra.query.javadsl.CassandraReadJournal;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.typed.PersistenceId;
import akka.stream.javadsl.Sink;
import com.typesafe.config.Config;
import io.tally.cluster.testing.TestPersistenceConfig;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

/**
 * The ledger through Cluster Sharding on the real Cassandra journal: a new actor system (same
 * journal) recovers state, deduplication and the hash chain.
 */
public class LedgerShardingIT {

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  private static LedgerTestNode startNode(String name, Config persistence) throws Exception {
    return LedgerTestNode.start(name, LedgerTestNode.config(persistence, "tally.ledger.snapshot-every = 3\n"));
  }

  @Test
  public void stateDedupeAndChainSurviveANewActorSystem() throws Exception {
    Config persistence = TestPersistenceConfig.forTest(getClass());
    Instant time = Instant.now().minusSeconds(5);
    String entity = "acc/it-1";
    ProposedEvent first = ProposedEvent.record(entity, "k1", time, new BigDecimal("10.25"), "crm");
    ProposedEvent second = ProposedEvent.record(entity, "k2", time, new BigDecimal("0.000000000000000001"), "crm");

    LedgerSummary before;
    LedgerTestNode one = startNode("ledger-it-1", persistence);
    try {
      LedgerService ledger = one.ledger;
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
      one.close();
    }

    LedgerTestNode two = startNode("ledger-it-2", persistence);
    try {
      LedgerService ledger = two.ledger;
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

      CassandraReadJournal journal = PersistenceQuery.get(two.testKit.system().classicSystem())
          .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
      List<LedgerEvent> events = await(journal
          .currentEventsByPersistenceId(PersistenceId.of(LedgerEntity.ENTITY_TYPE_KEY.name(), entity).id(), 1, Long.MAX_VALUE)
          .map(e -> (LedgerEvent) e.event())
          .runWith(Sink.seq(), two.testKit.system()));
      assertEquals(5, events.size());
      HashChain.Verification chain = HashChain.verify(HashChain.GENESIS, events);
      assertTrue("chain intact across a snapshot and a restart: " + chain, chain.intact());
      assertEquals(await(ledger.state(entity)).lastHash(), chain.lastHash());
    } finally {
      two.close();
    }
  }
}
