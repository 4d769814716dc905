package io.tally.ledger.journal;

import akka.NotUsed;
import akka.japi.Pair;
import akka.stream.javadsl.Source;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.tally.ledger.LedgerEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The whole journal read as a table scan: the token ring split into {@code scan-splits} ranges,
 * {@code scan-parallelism} of them read at once, each a paged range query. Cassandra returns a
 * range's rows grouped by partition and, within one, in sequence order, so each ledger entity's
 * partition 0 arrives whole and ordered and costs no query of its own.
 *
 * <p>What the scan does not read in place is handed to the per-entity reader ({@link
 * ScannedEntity#readOn()}), so that long and multi-partition journals stay complete and ordered
 * and memory stays bounded: a partition 0 whose last event lies within {@code max-atomic-write}
 * of its end (the journal may go on in partition 1); a partition longer than {@code
 * scan-partition-rows} (its first rows are kept, and the scan moves past it with a new query,
 * then asks which other partitions share its token, should any); and an entity whose partition 0
 * is empty but whose partition 1 is not (the per-entity reader reads on past one empty partition).
 * Rows of later partitions are left to the reader. Persistence ids that are not the ledger's, and
 * entities outside the key range, are skipped without decoding.
 */
final class JournalScan {

  private final CassandraJournalReader.Settings settings;
  private final CompletionStage<CqlSession> session;
  private final CompletionStage<PreparedStatement> rangeSelect;
  private final CompletionStage<PreparedStatement> tokenSelect;
  private final CompletionStage<PreparedStatement> firstRowSelect;
  private final EventDecoder decoder;
  private final Executor decoding;

  /** Decoded with {@code decoder} positioned at column {@link #SEQ_NR_COLUMN}. */
  static final int SEQ_NR_COLUMN = 3;

  JournalScan(CassandraJournalReader.Settings settings, CompletionStage<CqlSession> session, EventDecoder decoder,
      Executor decoding) {
    this.settings = settings;
    this.session = session;
    this.decoder = decoder;
    this.decoding = decoding;
    String table = settings.keyspace() + "." + settings.table();
    String token = "token(persistence_id, partition_nr)";
    this.rangeSelect = session.thenCompose(s -> s.prepareAsync("SELECT " + token
        + ", persistence_id, partition_nr, sequence_nr, ser_id, ser_manifest, event FROM " + table
        + " WHERE " + token + " > ? AND " + token + " <= ?"));
    this.tokenSelect = session.thenCompose(s -> s.prepareAsync(
        "SELECT DISTINCT persistence_id, partition_nr FROM " + table + " WHERE " + token + " = ?"));
    this.firstRowSelect = session.thenCompose(s -> s.prepareAsync(
        "SELECT sequence_nr FROM " + table + " WHERE persistence_id = ? AND partition_nr = 0 LIMIT 1"));
  }

  /** Every ledger entity in the key range, each once, in no particular order. */
  Source<ScannedEntity, NotUsed> entities(KeyRange keys) {
    return Source.from(TokenRange.split(settings.scanSplits()))
        .flatMapMerge(settings.scanParallelism(), range -> Source.unfoldAsync(new RangeScan(range, keys),
                scan -> scan.next().thenApply(found -> found.map(f -> Pair.create(scan, f))))
            .mapAsync(settings.decodeParallelism(), found -> resolve(found, keys))
            .mapConcat(entities -> entities));
  }

  /** What one page of a range yields, in scan order. */
  private sealed interface Found permits Kept, Unread, SharedToken {}

  /** Rows of an entity's partition 0 read in place (ascending, each sequence number once). */
  private record Kept(String entityKey, List<Row> rows, boolean readOn) implements Found {
    Kept {
      rows = List.copyOf(rows);
    }
  }

  /** An entity the scan saw only in partition 1: read by the per-entity reader if its partition 0 is empty. */
  private record Unread(String entityKey) implements Found {}

  /** A partition left with a new query: other partitions with its token were not read yet. */
  private record SharedToken(long token, List<PartitionKey> seen) implements Found {}

  private record PartitionKey(String persistenceId, long partitionNr) {}

  private CompletionStage<List<ScannedEntity>> resolve(List<Found> found, KeyRange keys) {
    List<Kept> kept = found.stream().filter(Kept.class::isInstance).map(Kept.class::cast).toList();
    CompletableFuture<List<ScannedEntity>> decoded = CompletableFuture.supplyAsync(() -> kept.stream()
        .map(k -> new ScannedEntity(k.entityKey(), decoder.decode(k.rows()), k.readOn())).toList(), decoding);
    CompletionStage<List<ScannedEntity>> unread = CompletableFuture.completedFuture(List.of());
    for (Found f : found) {
      CompletionStage<List<ScannedEntity>> more = f instanceof Unread u ? ifPartitionZeroEmpty(u.entityKey())
          : f instanceof SharedToken t ? sharing(t, keys) : null;
      if (more != null) {
        unread = unread.thenCombine(more, JournalScan::concat);
      }
    }
    return decoded.thenCombine(unread, JournalScan::concat);
  }

  private CompletionStage<List<ScannedEntity>> ifPartitionZeroEmpty(String entityKey) {
    String persistenceId = LedgerEntity.persistenceId(entityKey).id();
    return execute(firstRowSelect, ps -> ps.bind(persistenceId))
        .thenApply(rs -> rs.currentPage().iterator().hasNext() ? List.of() : List.of(ScannedEntity.unread(entityKey)));
  }

  /** The partitions with the token of one the scan moved past, other than those it had seen. */
  private CompletionStage<List<ScannedEntity>> sharing(SharedToken shared, KeyRange keys) {
    return execute(tokenSelect, ps -> ps.bind(shared.token())).thenCompose(rs -> {
      CompletionStage<List<ScannedEntity>> result = CompletableFuture.completedFuture(List.of());
      for (Row row : rs.currentPage()) {
        PartitionKey partition = new PartitionKey(row.getString(0), row.getLong(1));
        Optional<String> key = inRange(partition.persistenceId(), keys);
        if (shared.seen().contains(partition) || key.isEmpty() || partition.partitionNr() > 1) {
          continue;
        }
        CompletionStage<List<ScannedEntity>> one = partition.partitionNr() == 0
            ? CompletableFuture.completedFuture(List.of(ScannedEntity.unread(key.get())))
            : ifPartitionZeroEmpty(key.get());
        result = result.thenCombine(one, JournalScan::concat);
      }
      return result;
    });
  }

  private static Optional<String> inRange(String persistenceId, KeyRange keys) {
    return LedgerEntity.entityKeyOf(persistenceId).filter(keys::includes);
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    if (b.isEmpty()) {
      return a;
    }
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private CompletionStage<AsyncResultSet> execute(CompletionStage<PreparedStatement> prepared,
      Function<PreparedStatement, BoundStatement> bind) {
    return prepared.thenCompose(ps -> session.thenCompose(s -> s.executeAsync(bind.apply(ps)
        .setPageSize(settings.pageSize())
        .setExecutionProfileName(settings.profile()))));
  }

  /**
   * One token range's scan: pages of rows in, what they hold out (mutable; confined to the range's
   * stream, whose steps run one after another).
   */
  private final class RangeScan {

    private final KeyRange keys;
    private final long upper;
    private long lower;
    private AsyncResultSet page;
    private boolean finished;

    // The partition being read: its key, and (for partition 0 of a ledger entity in range) its rows.
    private PartitionKey open;
    // The partitioner never gives a partition Long.MIN_VALUE: no partition read yet.
    private long openToken = Long.MIN_VALUE;
    private String openEntity;
    private List<Row> rows = new ArrayList<>();
    private long lastSeqNr;
    private int rowsRead;
    // The partitions seen with openToken so far (more than one only if tokens collide).
    private final List<PartitionKey> atToken = new ArrayList<>();

    RangeScan(TokenRange range, KeyRange keys) {
      this.keys = keys;
      this.lower = range.lower();
      this.upper = range.upper();
    }

    CompletionStage<Optional<List<Found>>> next() {
      if (finished) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      CompletionStage<AsyncResultSet> fetch = page == null
          ? execute(rangeSelect, ps -> ps.bind(lower, upper))
          : page.fetchNextPage();
      return fetch.thenApply(result -> Optional.of(read(result)));
    }

    private List<Found> read(AsyncResultSet result) {
      List<Found> found = new ArrayList<>();
      page = result;
      for (Row row : result.currentPage()) {
        PartitionKey partition = new PartitionKey(RowColumns.text(row, 1), RowColumns.bigint(row, 2));
        if (!partition.equals(open)) {
          close(found);
          start(RowColumns.bigint(row, 0), partition, found);
        }
        rowsRead++;
        long seqNr = RowColumns.bigint(row, SEQ_NR_COLUMN);
        // A retried write can store a sequence number twice (the timestamp differs): keep the first.
        if (openEntity != null && seqNr > lastSeqNr) {
          rows.add(row);
          lastSeqNr = seqNr;
        }
        if (rowsRead >= settings.scanPartitionRows()) {
          moveOn(found);
          return found;
        }
      }
      if (!result.hasMorePages()) {
        close(found);
        finished = true;
      }
      return found;
    }

    private void start(long token, PartitionKey partition, List<Found> found) {
      if (token != openToken) {
        atToken.clear();
      }
      atToken.add(partition);
      open = partition;
      openToken = token;
      Optional<String> key = inRange(partition.persistenceId(), keys);
      openEntity = partition.partitionNr() == 0 ? key.orElse(null) : null;
      if (key.isPresent() && partition.partitionNr() == 1) {
        found.add(new Unread(key.get()));
      }
    }

    /** The open partition read to its end: whether the journal may go on decides readOn. */
    private void close(List<Found> found) {
      if (openEntity != null && !rows.isEmpty()) {
        // Partition 0 ends at target-partition-size; a write starting within max-atomic-write of
        // it may have gone wholly to partition 1.
        found.add(new Kept(openEntity, rows, lastSeqNr + settings.maxAtomicWrite() > settings.partitionSize()));
      }
      reset();
    }

    /** Leaves a long partition: its rows so far, then a new query past its token. */
    private void moveOn(List<Found> found) {
      if (openEntity != null) {
        found.add(new Kept(openEntity, rows, true));
      }
      found.add(new SharedToken(openToken, List.copyOf(atToken)));
      lower = openToken;
      page = null;
      if (lower == upper) {
        finished = true;
      }
      reset();
    }

    private void reset() {
      open = null;
      openEntity = null;
      rows = new ArrayList<>();
      lastSeqNr = 0;
      rowsRead = 0;
    }
  }
}
