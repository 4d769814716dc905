package io.tally.ledger.journal;

import static io.tally.ledger.LedgerTestNode.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.ActorSystem;
import akka.serialization.SerializationExtension;
import akka.stream.alpakka.cassandra.javadsl.CassandraSessionRegistry;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerTestNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The journal scan against a real Cassandra: every ledger entity exactly once, its events (what
 * the scan read, then the rest read on) exactly those the per-entity reader reads, in order. Small
 * partitions (5 events, atomic writes of up to 4) make an entity span six partitions; scans keep
 * at most 3 rows of a partition (so long ones are left with a new query), pages are 2 rows, the
 * ring is 8 ranges read 3 at a time. Rows of other persistence ids hold bytes no serializer reads:
 * decoding one would fail the scan.
 */
public class JournalScanIT {

  private static final int[] CROSSING_WRITES = {3, 4, 1, 4, 2, 3, 4, 4};
  private static final int SMALL = 20;
  private static final String MOVED = "zz-moved";
  private static final KeyRange BEFORE_MOVED = new KeyRange(null, "zz");

  private static LedgerTestNode node;
  private static CassandraJournalReader reader;
  private static JournalScan scan;
  private static final Map<String, Long> written = new TreeMap<>();

  @BeforeClass
  public static void start() throws Exception {
    node = LedgerTestNode.start("journal-scan-it", LedgerTestNode.config(JournalScanIT.class,
        "akka.persistence.cassandra.journal.target-partition-size = 5\n"
            + "tally.ledger.journal-read.page-size = 2\n"
            + "tally.ledger.journal-read.decode-chunk = 3\n"
            + "tally.ledger.journal-read.max-atomic-write = 4\n"
            + "tally.ledger.journal-read.scan-splits = 8\n"
            + "tally.ledger.journal-read.scan-parallelism = 3\n"
            + "tally.ledger.journal-read.scan-partition-rows = 3\n"
            + "tally.ledger.journal-read.scan-min-share = 0.5\n"
            // A sample of 12 of the 21 listed ledger ids: the narrow range holds at most 2 of them, the wide all.
            + "tally.ledger.journal-read.scan-share-sample = 12\n"));
    write("crossing", CROSSING_WRITES);
    for (int i = 0; i < SMALL; i++) {
      write(small(i), new int[] {i % 3 + 1});
    }
    // An entity whose partition 0 is empty and partition 1 is not: the per-entity reader reads
    // past one empty partition, so the scan must hand it over.
    copyRows(LedgerEntity.persistenceId(small(2)).id(), 0, LedgerEntity.persistenceId(MOVED).id(), 1);
    written.put(MOVED, written.get(small(2)));
    insertForeign("Other|long", 7);
    insertForeign("Other|short", 1);
    // Readers after the first writes: the plugin's session is then the one it created its schema with.
    ActorSystem<?> system = node.testKit.system();
    reader = new CassandraJournalReader(system);
    scan = new JournalScan(CassandraJournalReader.Settings.of(system.settings().config()),
        CassandraSessionRegistry.get(system).sessionFor("akka.persistence.cassandra").underlying(),
        new EventDecoder(SerializationExtension.get(system.classicSystem()), JournalScan.SEQ_NR_COLUMN),
        system.executionContext());
  }

  @AfterClass
  public static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static String small(int i) {
    return String.format("small-%02d", i);
  }

  private static void write(String entity, int[] sizes) throws Exception {
    written.put(entity, node.ingestInCommands(entity, sizes));
  }

  private static void copyRows(String fromPid, long fromPartition, String toPid, long toPartition) throws Exception {
    PreparedStatement insert = node.cql().prepare("INSERT INTO " + node.journalKeyspace + ".messages (persistence_id,"
        + " partition_nr, sequence_nr, timestamp, ser_id, ser_manifest, event) VALUES (?, ?, ?, now(), ?, ?, ?)");
    for (Row row : node.cql().execute("SELECT sequence_nr, ser_id, ser_manifest, event FROM " + node.journalKeyspace
        + ".messages WHERE persistence_id = '" + fromPid + "' AND partition_nr = " + fromPartition)) {
      node.cql().execute(insert.bind(toPid, toPartition, row.getLong(0), row.getInt(1), row.getString(2),
          row.getByteBuffer(3)));
    }
  }

  private static void insertForeign(String persistenceId, int rows) throws Exception {
    PreparedStatement insert = node.cql().prepare("INSERT INTO " + node.journalKeyspace + ".messages (persistence_id,"
        + " partition_nr, sequence_nr, timestamp, ser_id, ser_manifest, event)"
        + " VALUES (?, 0, ?, now(), 987654, 'x', ?)");
    for (long seqNr = 1; seqNr <= rows; seqNr++) {
      node.cql().execute(insert.bind(persistenceId, seqNr, ByteBuffer.wrap(new byte[] {1, 2, 3})));
    }
  }

  private static List<ScannedEntity> scanned(Source<ScannedEntity, ?> source) throws Exception {
    return await(source.runWith(Sink.seq(), node.testKit.system()));
  }

  private static List<JournalEntry> read(Source<JournalEntry, ?> source) throws Exception {
    return await(source.runWith(Sink.seq(), node.testKit.system()));
  }

  private static List<String> keys(List<ScannedEntity> entities) {
    return entities.stream().map(ScannedEntity::entityKey).sorted().toList();
  }

  @Test
  public void everyLedgerEntityOnceWithItsEventsInOrder() throws Exception {
    List<ScannedEntity> entities = scanned(scan.entities(KeyRange.ALL));
    assertEquals(List.copyOf(written.keySet()), keys(entities));
    for (ScannedEntity entity : entities) {
      List<JournalEntry> all = new ArrayList<>(entity.entries());
      if (entity.readOn()) {
        all.addAll(read(reader.events(entity.entityKey(), entity.nextSeqNr())));
      }
      long count = written.get(entity.entityKey());
      assertEquals(entity.entityKey(), LongStream.rangeClosed(1, count).boxed().toList(),
          all.stream().map(JournalEntry::seqNr).toList());
      assertEquals(entity.entityKey(), read(reader.events(entity.entityKey())), all);
    }
    Map<String, ScannedEntity> byKey = entities.stream().collect(Collectors.toMap(ScannedEntity::entityKey, e -> e));
    // The long entity: its first rows in place, the rest (five more partitions) read on.
    assertEquals(3, byKey.get("crossing").entries().size());
    assertTrue(byKey.get("crossing").readOn());
    // One event, far enough below the partition's end: read whole by the scan.
    assertEquals(1, byKey.get(small(0)).entries().size());
    assertTrue(!byKey.get(small(0)).readOn());
    // Nothing in partition 0: left to the per-entity reader.
    assertEquals(List.of(), byKey.get(MOVED).entries());
    assertTrue(byKey.get(MOVED).readOn());
  }

  @Test
  public void theScanKeepsToTheScopesKeyRange() throws Exception {
    List<ScannedEntity> entities = scanned(scan.entities(new KeyRange(small(5), small(10))));
    assertEquals(List.of(small(5), small(6), small(7), small(8), small(9)), keys(entities));
  }

  @Test
  public void aNarrowKeyRangeIsReadEntityByEntityAndAWideOneScanned() throws Exception {
    List<ScannedEntity> narrow = scanned(reader.entities(new KeyRange(small(5), small(7))));
    assertEquals(List.of(small(5), small(6)), keys(narrow));
    assertTrue(narrow.stream().allMatch(e -> e.entries().isEmpty() && e.readOn()));

    List<ScannedEntity> wide = scanned(reader.entities(BEFORE_MOVED));
    assertEquals(written.keySet().stream().filter(BEFORE_MOVED::includes).toList(), keys(wide));
    assertTrue(wide.stream().anyMatch(e -> !e.entries().isEmpty()));
  }
}
