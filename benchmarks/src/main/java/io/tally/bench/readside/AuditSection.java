package io.tally.bench.readside;

import akka.actor.typed.ActorSystem;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import io.tally.bench.BenchNode;
import io.tally.bench.ingest.RawJournalWriter;
import io.tally.bench.report.MarkdownTable;
import io.tally.bench.report.ResultsReport;
import io.tally.ledger.LedgerEventHandler;
import io.tally.ledger.LedgerSettings;
import io.tally.projections.audit.AuditProgress;
import io.tally.projections.audit.AuditReport;
import io.tally.projections.audit.AuditScope;
import io.tally.projections.audit.AuditSettings;
import io.tally.projections.audit.Auditor;
import io.tally.projections.audit.CassandraJournalReader;
import io.tally.projections.audit.WindowViewCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Audit replay vs a raw read of the same journal rows: events written over HTTP (batches of
 * {@link #BATCH}), then per round the raw driver read ({@code SELECT sequence_nr, event} per
 * entity, payload touched, not decoded) and a whole audit run (read, decode, hash-chain
 * verification, replay through the ledger's event handler) over exactly those entities.
 */
public final class AuditSection {

  private static final int BATCH = 100;
  private static final int ROUNDS = 2;
  private static final String PREFIX = "audit-e";
  private static final AuditScope SCOPE = new AuditScope(PREFIX, PREFIX + "~", null, null);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
  private static final int PAGE_SIZE = 5_000;

  private AuditSection() {}

  public static void run(BenchNode node, NodeHttp http, CqlSession session, int events, int entities,
      ResultsReport report) throws Exception {
    int perEntity = events / entities;
    long writeStart = System.nanoTime();
    for (int e = 0; e < entities; e++) {
      for (int first = 0; first < perEntity; first += BATCH) {
        http.ingest().write(PREFIX + e, (long) e * perEntity + first, Math.min(BATCH, perEntity - first));
      }
    }
    double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
    ActorSystem<?> system = node.node().system();
    LedgerSettings ledgerSettings = LedgerSettings.create(node.config());
    Auditor auditor = new Auditor(new CassandraJournalReader(system), new LedgerEventHandler(ledgerSettings),
        List.of(), WindowViewCheck.NONE, AuditSettings.create(node.config()), Clock.systemUTC(), system);
    PreparedStatement select = session.prepare("SELECT sequence_nr, event FROM " + node.journalKeyspace()
        + ".messages WHERE persistence_id = ? AND partition_nr = 0");
    MarkdownTable table = MarkdownTable.of(">round", ">raw driver read (rows/s)", ">audit run (events/s)",
        ">audit / raw");
    for (int round = 1; round <= ROUNDS; round++) {
      double raw = rawRead(session, select, entities, perEntity);
      long start = System.nanoTime();
      AuditReport audit = auditor.run(SCOPE, new AtomicReference<AuditProgress>()).toCompletableFuture()
          .get(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      double audited = audit.eventsChecked() / ((System.nanoTime() - start) / 1e9);
      if (!audit.clean() || audit.eventsChecked() != (long) entities * perEntity) {
        throw new IllegalStateException("audit not clean or incomplete: " + audit.summary());
      }
      table.row(round, raw, audited, String.format(java.util.Locale.ROOT, "%.0f %%", 100 * audited / raw));
    }
    report.heading(String.format("Audit replay vs raw driver read (%,d events over %d entities, written over "
        + "HTTP at %,.0f events/s; audit with the node's query settings)", entities * perEntity, entities,
        entities * perEntity / writeSeconds));
    report.table(table);
  }

  private static double rawRead(CqlSession session, PreparedStatement select, int entities, int perEntity) {
    long start = System.nanoTime();
    long rows = 0;
    long bytes = 0;
    for (int e = 0; e < entities; e++) {
      ResultSet rs = session.execute(select.bind(RawJournalWriter.persistenceId(PREFIX + e)).setPageSize(PAGE_SIZE));
      for (Row row : rs) {
        rows++;
        bytes += row.getByteBuffer("event").remaining();
      }
    }
    if (rows != (long) entities * perEntity || bytes == 0) {
      throw new IllegalStateException("raw read " + rows + " rows, expected " + (long) entities * perEntity);
    }
    return rows / ((System.nanoTime() - start) / 1e9);
  }
}
