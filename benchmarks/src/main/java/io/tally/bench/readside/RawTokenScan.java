package io.tally.bench.readside;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.tally.ledger.journal.TokenRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The raw-driver baseline of the audit's journal scan: the same token-range query over {@code
 * messages}, the same splits, parallelism and page size, rows of the persistence ids under a
 * prefix counted and their payload touched, nothing decoded.
 */
final class RawTokenScan {

  /** Rows of the prefix read, and their payload bytes. */
  record Result(long rows, long bytes) {}

  private final CqlSession session;
  private final PreparedStatement select;
  private final int splits;
  private final int parallelism;
  private final int pageSize;

  RawTokenScan(CqlSession session, String keyspace, int splits, int parallelism, int pageSize) {
    this.session = session;
    String token = "token(persistence_id, partition_nr)";
    this.select = session.prepare("SELECT " + token + ", persistence_id, partition_nr, sequence_nr, ser_id, "
        + "ser_manifest, event FROM " + keyspace + ".messages WHERE " + token + " > ? AND " + token + " <= ?");
    this.splits = splits;
    this.parallelism = parallelism;
    this.pageSize = pageSize;
  }

  CompletionStage<Result> read(String persistenceIdPrefix) {
    Queue<TokenRange> ranges = new ConcurrentLinkedQueue<>(TokenRange.split(splits));
    LongAdder rows = new LongAdder();
    LongAdder bytes = new LongAdder();
    List<CompletableFuture<Void>> readers = new ArrayList<>();
    for (int i = 0; i < parallelism; i++) {
      readers.add(nextRange(ranges, persistenceIdPrefix, rows, bytes).toCompletableFuture());
    }
    return CompletableFuture.allOf(readers.toArray(CompletableFuture[]::new))
        .thenApply(done -> new Result(rows.sum(), bytes.sum()));
  }

  private CompletionStage<Void> nextRange(Queue<TokenRange> ranges, String prefix, LongAdder rows, LongAdder bytes) {
    TokenRange range = ranges.poll();
    if (range == null) {
      return CompletableFuture.completedFuture(null);
    }
    return session.executeAsync(select.bind(range.lower(), range.upper()).setPageSize(pageSize))
        .thenCompose(page -> consume(page, prefix, rows, bytes))
        .thenCompose(done -> nextRange(ranges, prefix, rows, bytes));
  }

  private CompletionStage<Void> consume(AsyncResultSet page, String prefix, LongAdder rows, LongAdder bytes) {
    for (Row row : page.currentPage()) {
      if (row.getString(1).startsWith(prefix)) {
        rows.increment();
        bytes.add(row.getByteBuffer(6).remaining());
      }
    }
    return page.hasMorePages()
        ? page.fetchNextPage().thenCompose(next -> consume(next, prefix, rows, bytes))
        : CompletableFuture.completedFuture(null);
  }
}
