package io.tally.bench.entity;

import akka.actor.typed.ActorRef;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.typesafe.config.ConfigFactory;
import io.tally.bench.BenchNode;
import io.tally.cluster.testing.Eventually;
import io.tally.bench.ingest.RawJournalWriter;
import io.tally.bench.report.MarkdownTable;
import io.tally.bench.report.ResultsReport;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.ProposedEvent;
import io.tally.ledger.Slices;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Recovery of one entity with N events from the real journal, with snapshots (snapshot-every
 * 1000) and without (full replay), timed from start until it answers its state; side by side with
 * a raw driver read of the same journal rows. The entity writes its events itself, in commands
 * of max-batch-size events; recoveries start once the plugin's tag-write and tag-scanning marks
 * cover every event (recovery re-reads events after the scanning mark).
 */
public final class RecoverySection {

  private static final int RUNS = 6;
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);
  private static final int SNAPSHOT_EVERY = 1000;

  private RecoverySection() {}

  public static void run(BenchNode node, CqlSession session, int events, ResultsReport report) throws Exception {
    EntityIncarnations incarnations = new EntityIncarnations(node.node().system());
    MarkdownTable table = MarkdownTable.of("journal", ">events", ">write (events/s)", ">first recovery (ms)",
        ">median of the next " + (RUNS - 1) + " (ms)", ">raw read of the rows (ms)");
    measure(node, session, incarnations, "snapshot every " + SNAPSHOT_EVERY, "recovery-snapshot",
        SNAPSHOT_EVERY, events, table);
    measure(node, session, incarnations, "no snapshot (full replay)", "recovery-replay", Integer.MAX_VALUE,
        events, table);
    report.heading("Entity recovery from Cassandra (one entity, " + RUNS + " recoveries each)");
    report.table(table);
  }

  private static void measure(BenchNode node, CqlSession session, EntityIncarnations incarnations, String label,
      String key, int snapshotEvery, int events, MarkdownTable table) throws Exception {
    LedgerSettings settings = LedgerSettings.create(ConfigFactory
        .parseString("tally.ledger.snapshot-every = " + snapshotEvery).withFallback(node.config()));
    ActorRef<EntityHost.Message> writer = incarnations.start(key, settings);
    Instant time = Instant.now();
    long writeStart = System.nanoTime();
    for (int first = 0; first < events; first += settings.maxBatchSize()) {
      List<ProposedEvent> batch = new ArrayList<>();
      for (int i = first; i < Math.min(events, first + settings.maxBatchSize()); i++) {
        batch.add(ProposedEvent.record(key, "idem-" + i, time, BigDecimal.valueOf(i, 2), "bench"));
      }
      incarnations.ingest(writer, batch);
    }
    double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
    incarnations.retire(writer);
    awaitTagMarks(session, node.journalKeyspace(), key, settings.slices(), events);
    RecoveryRuns recoveries = RecoveryRuns.time(key, RUNS, events, () -> {
      ActorRef<EntityHost.Message> entity = incarnations.start(key, settings);
      LedgerSummary summary = incarnations.state(entity).toCompletableFuture()
          .get(EntityIncarnations.ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      incarnations.retire(entity);
      return summary;
    });
    long rawStart = System.nanoTime();
    long rows = session.execute(SimpleStatement.newInstance("SELECT sequence_nr, event FROM "
            + node.journalKeyspace() + ".messages WHERE persistence_id = ? AND partition_nr = 0",
            RawJournalWriter.persistenceId(key)).setPageSize(5_000)).all().size();
    long rawMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rawStart);
    if (rows != events) {
      throw new IllegalStateException("raw read " + rows + " rows of " + key);
    }
    table.row(label, events, events / writeSeconds, recoveries.first(), recoveries.warmMedian(), rawMillis);
  }

  private static void awaitTagMarks(CqlSession session, String keyspace, String key, int slices, long events) {
    String pid = RawJournalWriter.persistenceId(key);
    Eventually.await("tag writes of " + key, DRAIN_TIMEOUT, () -> {
      Row progress = session.execute(SimpleStatement.newInstance("SELECT sequence_nr FROM " + keyspace
          + ".tag_write_progress WHERE persistence_id = ? AND tag = ?", pid, Slices.tagFor(key, slices))).one();
      Row scanned = session.execute(SimpleStatement.newInstance("SELECT sequence_nr FROM " + keyspace
          + ".tag_scanning WHERE persistence_id = ?", pid)).one();
      return progress != null && progress.getLong("sequence_nr") >= events
          && scanned != null && scanned.getLong("sequence_nr") >= events;
    });
  }
}
