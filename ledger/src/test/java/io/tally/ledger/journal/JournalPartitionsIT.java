package io.tally.ledger.journal;

import static io.tally.ledger.LedgerTestNode.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.persistence.cassandra.query.javadsl.CassandraReadJournal;
import akka.persistence.query.PersistenceQuery;
import akka.stream.javadsl.Sink;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerEvent;
import io.tally.ledger.LedgerTestNode;
import io.tally.ledger.ProposedEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The journal read straight from its partitions gives exactly what the persistence plugin gives,
 * also where atomic writes cross partition boundaries (partitions of 5 events here, writes of up to
 * 4) and across query pages (of 2 rows).
 */
public class JournalPartitionsIT {

  private static final int[] WRITES = {3, 4, 1, 4, 2, 3, 4, 4};

  private static LedgerTestNode node;
  private static CassandraJournalReader reader;

  @BeforeClass
  public static void start() throws Exception {
    node = LedgerTestNode.start("journal-partitions-it", LedgerTestNode.config(JournalPartitionsIT.class,
        "akka.persistence.cassandra.journal.target-partition-size = 5\n"
            + "tally.ledger.journal-read.page-size = 2\n"
            + "tally.ledger.journal-read.decode-chunk = 3\n"
            + "tally.ledger.journal-read.max-atomic-write = 4\n"));
    // The plugin creates its keyspaces on its first write, on the session the reader then shares.
    node.ingest("warm-up", List.of(ProposedEvent.record("warm-up", "w", Instant.now(), BigDecimal.ONE, "it")));
    reader = new CassandraJournalReader(node.testKit.system());
  }

  @AfterClass
  public static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static long write(String entity, int[] sizes) throws Exception {
    return node.ingestInCommands(entity, sizes);
  }

  private static List<Long> direct(String entity, long from, long to) throws Exception {
    return await(reader.events(entity, from, to).map(JournalEntry::seqNr).runWith(Sink.seq(), node.testKit.system()));
  }

  private static List<LedgerEvent> viaPlugin(String entity) throws Exception {
    CassandraReadJournal plugin = PersistenceQuery.get(node.testKit.system().classicSystem())
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    return await(plugin.currentEventsByPersistenceId(LedgerEntity.persistenceId(entity).id(), 1, Long.MAX_VALUE)
        .map(e -> (LedgerEvent) e.event()).runWith(Sink.seq(), node.testKit.system()));
  }

  @Test
  public void writesAcrossPartitionBoundariesReadLikeThePluginReadsThem() throws Exception {
    long written = write("crossing", WRITES);
    // The test means something only if some write went to the partition after its first event's.
    long moved = node.cql().execute("SELECT partition_nr, sequence_nr FROM " + node.journalKeyspace
            + ".messages WHERE persistence_id = 'LedgerEntity|crossing' AND partition_nr IN (0, 1, 2, 3, 4, 5, 6, 7)")
        .all().stream().filter(r -> r.getLong("partition_nr") != (r.getLong("sequence_nr") - 1) / 5).count();
    assertTrue("rows written to a later partition: " + moved, moved > 0);

    List<JournalEntry> entries = await(reader.events("crossing").runWith(Sink.seq(), node.testKit.system()));
    assertEquals(LongStream.rangeClosed(1, written).boxed().toList(), entries.stream().map(JournalEntry::seqNr).toList());
    assertEquals(viaPlugin("crossing"), entries.stream().map(JournalEntry::event).toList());

    assertEquals(LongStream.rangeClosed(7, 12).boxed().toList(), direct("crossing", 7, 12));
    assertEquals(LongStream.rangeClosed(14, written).boxed().toList(), direct("crossing", 14, Long.MAX_VALUE));
    assertEquals(List.of(), direct("crossing", written + 1, Long.MAX_VALUE));
  }

  @Test
  public void aShortEntityAndAnUnknownOneReadToTheirEnd() throws Exception {
    write("short", new int[] {2});
    assertEquals(List.of(1L, 2L), direct("short", 1, Long.MAX_VALUE));
    assertEquals(List.of(), direct("never-written", 1, Long.MAX_VALUE));
  }
}
