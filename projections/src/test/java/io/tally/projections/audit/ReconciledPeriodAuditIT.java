package io.tally.projections.audit;

import static io.tally.projections.ReadSideNode.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.stream.javadsl.Sink;
import io.tally.ledger.IngestOutcome;
import io.tally.ledger.ProposedEvent;
import io.tally.ledger.journal.CassandraJournalReader;
import io.tally.ledger.journal.JournalEntry;
import io.tally.ledger.journal.SourceRecords;
import io.tally.projections.CqlStore;
import io.tally.projections.ReadSideNode;
import io.tally.projections.statement.CassandraCheckpointStore;
import io.tally.projections.statement.CheckpointSchema;
import io.tally.projections.statement.CheckpointSettings;
import io.tally.projections.statement.ReconciledWindow;
import io.tally.projections.statement.ReconciliationCheckpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The reconciled-period check end to end on Cassandra: a statement's checkpoint saved through
 * {@link CassandraCheckpointStore} from the journal as read back, then a late event in the period;
 * the library's run and the command-line job both report exactly that entity's window.
 */
public class ReconciledPeriodAuditIT {

  private static final String SOURCE = "bank";
  private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1));
  private static final Instant FROM = BASE;
  private static final Instant TO = BASE.plusSeconds(10);
  private static final List<String> ENTITIES = List.of("rp-same", "rp-changed", "rp-outside");

  private static ReadSideNode node;
  private static CassandraCheckpointStore store;

  @BeforeClass
  public static void start() throws Exception {
    node = ReadSideNode.start("reconciled-period-it", ReadSideNode.config(ReconciledPeriodAuditIT.class,
        "tally.projections.drift.interval = 0s\n"));
    for (String entity : ENTITIES) {
      ingest(entity, "k1", 1, "10.00", SOURCE);
      ingest(entity, "k2", 2, "2.50", SOURCE);
      ingest(entity, "k3", 3, "7", "card");
      ingest(entity, "k4", 20, "1", SOURCE);
    }
    CqlStore views =
        CqlStore.onJournalSession(node.testKit.system(), node.settings.keyspace(), node.settings.cqlProfile());
    await(CheckpointSchema.create(views));
    store = new CassandraCheckpointStore(views, CheckpointSettings.create(node.testKit.system().settings().config()));
    reconcile();
    // After the statement: a late event in the period, one after it, and one of another source.
    ingest("rp-changed", "late", 2, "0.50", SOURCE);
    ingest("rp-outside", "after", 11, "100", SOURCE);
    ingest("rp-outside", "card-late", 4, "100", "card");
  }

  @AfterClass
  public static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static void ingest(String entity, String key, int second, String amount, String source) throws Exception {
    List<IngestOutcome> outcomes = node.ingest(entity, List.of(ProposedEvent.record(entity, key,
        BASE.plusSeconds(second), new BigDecimal(amount), source)));
    assertTrue(outcomes.toString(), outcomes.get(0) instanceof IngestOutcome.Accepted);
  }

  /** What a statement batch leaves: each entity's windows of the period, from its journal now. */
  private static void reconcile() throws Exception {
    CassandraJournalReader journal = new CassandraJournalReader(node.testKit.system());
    long windows = 0;
    for (String entity : ENTITIES) {
      List<JournalEntry> entries = await(journal.events(entity).runWith(Sink.seq(), node.testKit.system()));
      List<ReconciledWindow> rows = SourceRecords.of(entries, SOURCE, Optional.of(FROM), Optional.of(TO)).windows()
          .values().stream().map(w -> new ReconciledWindow(entity, "stmt-1", SOURCE, Optional.of(FROM),
              Optional.of(TO), w.windowStart(), w.count(), w.amount(), w.digest())).toList();
      assertEquals(2, rows.size());
      await(store.saveWindows(rows));
      windows += rows.size();
    }
    await(store.save(new ReconciliationCheckpoint("stmt-1", SOURCE, Optional.of(FROM), Optional.of(TO), "bank-csv",
        Map.of("matched", windows), ENTITIES.size(), windows, Instant.now())));
  }

  private static void assertOneChangedWindow(AuditReport report) {
    assertEquals(report.summary(), Map.of(BreakKind.RECONCILED_PERIOD_CHANGED.wireName(), 1L),
        report.findingsByKind());
    Finding f = report.findings().get(0);
    assertEquals("rp-changed", f.entityKey());
    assertTrue(f.detail(), f.detail().startsWith("batch stmt-1 (source bank, period [" + FROM + ", " + TO
        + ")): window " + BASE.plusSeconds(2) + " changed since it was reconciled: checkpoint count 1, amount 2.50"));
    assertTrue(f.detail(), f.detail().contains("; ledger now count 2, amount 3.00"));
  }

  @Test
  public void theLibrarysRunReportsTheChangedWindowOnly() throws Exception {
    AuditSettings settings = AuditSettings.create(node.testKit.system().settings().config());
    Auditor auditor = Auditor.overJournal(node.testKit.system(), node.ledgerSettings, settings, List.of(),
        WindowViewCheck.NONE, store, Clock.systemUTC());
    AuditReport report = await(auditor.run(AuditScope.ALL, new AtomicReference<>(AuditProgress.NONE)));
    assertEquals(ENTITIES.size(), report.entitiesChecked());
    assertOneChangedWindow(report);
  }

  @Test
  public void theCommandLineJobFindsTheCheckpointsBesideTheJournalAndReportsTheSame() throws Exception {
    var config = node.testKit.system().settings().config();
    AuditJobArgs args = AuditJobArgs.parse("--contact-point", config.getString("tally.cassandra.contact-points"),
        "--keyspace", node.journalKeyspace,
        "--snapshot-keyspace", config.getString("akka.persistence.cassandra.snapshot.keyspace"),
        "--report", Files.createTempDirectory("reconciled-it").resolve("report.json").toString());
    assertEquals("the views keyspace is the journal's with _views", node.settings.keyspace(), args.viewsKeyspace());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AuditReport report = AuditJob.run(args, WindowViewCheck.NONE, new PrintStream(out, true, StandardCharsets.UTF_8));
    assertFalse(out.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8).contains("not checked"));
    assertOneChangedWindow(report);
    assertTrue(Files.readString(args.report()).contains("\"kind\" : \"reconciled-period-changed\""));
  }
}
