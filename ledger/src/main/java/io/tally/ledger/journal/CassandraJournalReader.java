package io.tally.ledger.journal;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.japi.Pair;
import akka.persistence.cassandra.query.javadsl.CassandraReadJournal;
import akka.persistence.query.PersistenceQuery;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.stream.alpakka.cassandra.javadsl.CassandraSessionRegistry;
import akka.stream.javadsl.Source;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.typesafe.config.Config;
import io.tally.ledger.LedgerEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link JournalReader} straight over the Cassandra journal's partitions with the driver: one
 * query per partition page, rows decoded in parallel chunks (order kept), so that many small
 * entities cost about one round trip each and a long entity streams at decoding speed. The plugin's
 * {@code currentEventsByPersistenceId} costs several round trips and a stage per entity (about 8 ms
 * an entity on a busy node), which made audits of many small entities 40 times slower than of a
 * few long ones.
 *
 * <p>The journal's layout (akka-persistence-cassandra 1.0): rows keyed by (persistence id,
 * partition nr), partition nr = (seqNr - 1) / target-partition-size, except that one atomic write
 * crossing a partition boundary goes wholly to the later partition. So a partition is followed by
 * the next one unless its last event is far enough below the boundary that no write could have
 * crossed it, and reading stops at the second empty partition in a row (as the plugin does). A
 * sequence number written twice (a retried write) is read once, the first time. Rows are returned
 * as stored, gaps included: the chain verifier reports them.
 *
 * <p>Audits of many entities read the journal as a table scan instead ({@link #entities}, {@link
 * JournalScan}), handing back here only what the scan does not read in place.
 */
public final class CassandraJournalReader implements JournalReader {

  private static final String PLUGIN = "akka.persistence.cassandra";

  /** How the reader pages, decodes and scans ({@code tally.ledger.journal-read}, documented there). */
  record Settings(int pageSize, int decodeChunk, int decodeParallelism, long maxAtomicWrite,
      int scanSplits, int scanParallelism, int scanPartitionRows, double scanMinShare, int scanShareSample,
      String keyspace, String table, long partitionSize, String profile) {

    static Settings of(Config config) {
      Config read = config.getConfig("tally.ledger.journal-read");
      return new Settings(read.getInt("page-size"), read.getInt("decode-chunk"), read.getInt("decode-parallelism"),
          read.getLong("max-atomic-write"),
          read.getInt("scan-splits"), read.getInt("scan-parallelism"), read.getInt("scan-partition-rows"),
          read.getDouble("scan-min-share"), read.getInt("scan-share-sample"),
          config.getString(PLUGIN + ".journal.keyspace"), config.getString(PLUGIN + ".journal.table"),
          config.getLong(PLUGIN + ".journal.target-partition-size"), config.getString(PLUGIN + ".query.read-profile"));
    }
  }

  private final Settings settings;
  private final CompletionStage<CqlSession> session;
  private final CompletionStage<PreparedStatement> select;
  private final EventDecoder decoder;
  private final JournalScan scan;
  private final CassandraReadJournal plugin;
  private final ActorSystem<?> system;

  public CassandraJournalReader(ActorSystem<?> system) {
    this.system = system;
    this.settings = Settings.of(system.settings().config());
    this.session = CassandraSessionRegistry.get(system).sessionFor(PLUGIN).underlying();
    this.select = session.thenCompose(s -> s.prepareAsync(
        "SELECT sequence_nr, ser_id, ser_manifest, event FROM " + settings.keyspace() + "." + settings.table()
            + " WHERE persistence_id = ? AND partition_nr = ? AND sequence_nr >= ? AND sequence_nr <= ?"));
    Serialization serialization = SerializationExtension.get(system.classicSystem());
    this.decoder = new EventDecoder(serialization, 0);
    this.scan = new JournalScan(settings, session, new EventDecoder(serialization, JournalScan.SEQ_NR_COLUMN),
        system.executionContext());
    this.plugin = PersistenceQuery.get(system.classicSystem())
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
  }

  @Override
  public Source<JournalEntry, NotUsed> events(String entityKey) {
    return events(entityKey, 1);
  }

  @Override
  public Source<JournalEntry, NotUsed> events(String entityKey, long fromSeqNr) {
    return events(entityKey, fromSeqNr, Long.MAX_VALUE);
  }

  @Override
  public Source<JournalEntry, NotUsed> events(String entityKey, long fromSeqNr, long toSeqNr) {
    String persistenceId = LedgerEntity.persistenceId(entityKey).id();
    Cursor start = new Cursor(partitionOf(Math.max(1, fromSeqNr)), Math.max(1, fromSeqNr), false, null, false);
    return Source.unfoldAsync(start, cursor -> next(persistenceId, cursor, toSeqNr))
        .mapConcat(rows -> rows)
        .grouped(settings.decodeChunk())
        .mapAsync(settings.decodeParallelism(), rows -> CompletableFuture.supplyAsync(() -> decoder.decode(rows),
            system.executionContext()))
        .mapConcat(entries -> entries);
  }

  /**
   * Scans the journal ({@link JournalScan}) unless entity by entity is cheaper: a scan reads every
   * row of the journal in {@code scan-splits} queries, entity by entity costs a round trip or more
   * each. So a key range holding less than {@code scan-min-share} of the ledger's entities, or
   * fewer entities in scope than the scan has splits, is read entity by entity. Both are told from
   * the first {@code scan-share-sample} ids of the persistence id list, which Cassandra returns in
   * token (hash) order: a uniform sample, and the exact count when the list is shorter.
   */
  @Override
  public Source<ScannedEntity, NotUsed> entities(KeyRange keys) {
    return Source.lazyCompletionStage(() -> sample(keys))
        .flatMapConcat(sample -> sample.worthAScan(settings)
            ? scan.entities(keys)
            : JournalReader.super.entities(keys));
  }

  /** Ledger ids read from the start of the id list, and how many of them are in scope. */
  record Sample(long entities, long inScope) {
    Sample plus(boolean included) {
      return new Sample(entities + 1, inScope + (included ? 1 : 0));
    }

    boolean worthAScan(Settings settings) {
      boolean wholeList = entities < settings.scanShareSample();
      return entities > 0 && (double) inScope / entities >= settings.scanMinShare()
          && !(wholeList && inScope < settings.scanSplits());
    }
  }

  private CompletionStage<Sample> sample(KeyRange keys) {
    return entityKeys()
        .take(settings.scanShareSample())
        .runFold(new Sample(0, 0), (sample, key) -> sample.plus(keys.includes(key)), system);
  }

  @Override
  public Source<String, NotUsed> entityKeys() {
    return plugin.currentPersistenceIds()
        .map(LedgerEntity::entityKeyOf)
        .filter(Optional::isPresent)
        .map(Optional::get);
  }

  /**
   * Where the read is: the partition, the next sequence number wanted, whether the partition before
   * was empty, the result page being read (null before the partition's first query), and whether
   * the journal is known to end with the rows already emitted.
   */
  private record Cursor(long partition, long nextSeqNr, boolean previousEmpty, AsyncResultSet page, boolean atEnd) {}

  /** The next page of rows (deduplicated, ascending), or empty at the end of the journal. */
  private CompletionStage<Optional<Pair<Cursor, List<Row>>>> next(String persistenceId, Cursor cursor, long to) {
    if (cursor.atEnd() || cursor.nextSeqNr() > to) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    CompletionStage<AsyncResultSet> page = cursor.page() == null
        ? query(persistenceId, cursor.partition(), cursor.nextSeqNr(), to)
        : cursor.page().fetchNextPage();
    return page.thenCompose(result -> {
      List<Row> rows = new ArrayList<>(result.remaining());
      long nextSeqNr = cursor.nextSeqNr();
      for (Row row : result.currentPage()) {
        long seqNr = RowColumns.bigint(row, 0);
        if (seqNr >= nextSeqNr) {
          rows.add(row);
          nextSeqNr = seqNr + 1;
        }
      }
      boolean partitionRead = !result.hasMorePages();
      boolean partitionEmpty = partitionRead && cursor.page() == null && rows.isEmpty();
      if (!partitionRead) {
        return done(new Cursor(cursor.partition(), nextSeqNr, false, result, false), rows);
      }
      if (partitionEmpty) {
        return cursor.previousEmpty()
            ? CompletableFuture.completedFuture(Optional.empty())
            : next(persistenceId, new Cursor(cursor.partition() + 1, nextSeqNr, true, null, false), to);
      }
      // No atomic write starting after the last event read could have crossed into the next
      // partition: the journal ends here.
      long partitionEnd = (cursor.partition() + 1) * settings.partitionSize();
      if (nextSeqNr - 1 + settings.maxAtomicWrite() <= partitionEnd) {
        return rows.isEmpty()
            ? CompletableFuture.completedFuture(Optional.empty())
            : done(new Cursor(cursor.partition(), nextSeqNr, false, null, true), rows);
      }
      Cursor following = new Cursor(cursor.partition() + 1, nextSeqNr, false, null, false);
      return rows.isEmpty() ? next(persistenceId, following, to) : done(following, rows);
    });
  }

  private static CompletionStage<Optional<Pair<Cursor, List<Row>>>> done(Cursor cursor, List<Row> rows) {
    return CompletableFuture.completedFuture(Optional.of(Pair.create(cursor, rows)));
  }

  private CompletionStage<AsyncResultSet> query(String persistenceId, long partition, long from, long to) {
    return select.thenCompose(ps -> session.thenCompose(s -> s.executeAsync(ps.bind(persistenceId, partition, from, to)
        .setPageSize(settings.pageSize())
        .setExecutionProfileName(settings.profile()))));
  }

  private long partitionOf(long seqNr) {
    return (seqNr - 1) / settings.partitionSize();
  }
}
