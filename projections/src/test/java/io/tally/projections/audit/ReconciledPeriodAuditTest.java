package io.tally.projections.audit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import com.typesafe.config.ConfigFactory;
import io.tally.ledger.LedgerEventHandler;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.WindowDigest;
import io.tally.ledger.journal.SourceRecords;
import io.tally.projections.statement.ReconciledWindow;
import io.tally.projections.statement.ReconciliationCheckpoint;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The audit's check of reconciled periods: a statement batch left the ledger's window totals of
 * a period as a checkpoint, and an audit reports each window that the journal no longer gives
 * (late events, retractions, a key swapped for another), and asks nothing per entity when no
 * checkpoint exists.
 */
public class ReconciledPeriodAuditTest {

  @ClassRule public static final TestKitJunitResource testKit = new TestKitJunitResource();

  private static final LedgerEventHandler HANDLER = new LedgerEventHandler(LedgerSettings.create(ConfigFactory.load()));
  private static final int TIMEOUT_SECONDS = 10;
  /** Windows of a minute (TestJournal.WINDOW); the period is the first two. */
  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");
  private static final Instant FROM = T;
  private static final Instant TO = T.plusSeconds(120);
  private static final String SOURCE = "test";
  private static final String KIND = BreakKind.RECONCILED_PERIOD_CHANGED.wireName();

  /** Entities a, b, c: k1 (10:00:10, 1) and k2 (10:01:10, 2) in the period, k3 (10:02:10, 3) after it. */
  private static TestJournal journal() {
    TestJournal journal = new TestJournal();
    for (String key : List.of("a", "b", "c")) {
      journal.entity(key).record("k1", T.plusSeconds(10), "1").record("k2", T.plusSeconds(70), "2")
          .record("k3", T.plusSeconds(130), "3");
    }
    return journal;
  }

  /** What a statement batch leaves of these entities: the journal's windows of the period now. */
  private static void reconcile(CountingCheckpointStore store, TestJournal journal, String batchId,
      Optional<Instant> from, Optional<Instant> to, List<String> entities) throws Exception {
    long windows = 0;
    for (String entity : entities) {
      List<ReconciledWindow> rows = SourceRecords.of(journal.entries(entity), SOURCE, from, to).windows().values()
          .stream().map(w -> new ReconciledWindow(entity, batchId, SOURCE, from, to, w.windowStart(), w.count(),
              w.amount(), w.digest())).toList();
      store.saveWindows(rows).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      windows += rows.size();
    }
    store.save(new ReconciliationCheckpoint(batchId, SOURCE, from, to, "test-csv", Map.of("matched", windows),
        entities.size(), windows, T.plusSeconds(3600))).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private static void reconcile(CountingCheckpointStore store, TestJournal journal) throws Exception {
    reconcile(store, journal, "b1", Optional.of(FROM), Optional.of(TO), List.of("a", "b", "c"));
  }

  private static AuditReport run(TestJournal journal, CountingCheckpointStore store, String settings, AuditScope scope)
      throws Exception {
    AuditSettings audit = AuditSettings.create(ConfigFactory.parseString(settings).withFallback(ConfigFactory.load()));
    return new Auditor(journal, HANDLER, List.of(), WindowViewCheck.NONE, store, audit, Clock.systemUTC(),
        testKit.system()).run(scope, new AtomicReference<>(AuditProgress.NONE))
        .toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private static AuditReport run(TestJournal journal, CountingCheckpointStore store) throws Exception {
    return run(journal, store, "", AuditScope.ALL);
  }

  private static List<Finding> reconciledFindings(AuditReport report) {
    return report.findings().stream().filter(f -> f.kind().equals(KIND)).toList();
  }

  @Test
  public void anUnchangedPeriodIsCleanWhateverHappensOutsideIt() throws Exception {
    TestJournal journal = journal();
    CountingCheckpointStore store = new CountingCheckpointStore();
    reconcile(store, journal);
    journal.entity("a")
        .record("after-period", T.plusSeconds(150), T.plusSeconds(300), "10", Map.of(), false)
        .recordFrom("card", "other-source", T.plusSeconds(20), T.plusSeconds(301), "10")
        .retract("r3", T.plusSeconds(302), "k3");

    AuditReport report = run(journal, store);
    assertTrue(report.summary(), report.clean());
    assertEquals(1, store.listCalls.get());
    assertEquals("each audited entity looked up once", 3, store.lookups.get());
  }

  @Test
  public void aPeriodReconciledAgainIsCheckedAgainstItsLatestCheckpointOnly() throws Exception {
    TestJournal journal = journal();
    CountingCheckpointStore store = new CountingCheckpointStore();
    reconcile(store, journal);
    journal.entity("a").record("late", T.plusSeconds(30), T.plusSeconds(600), "5", Map.of(), true);
    assertEquals(1, reconciledFindings(run(journal, store)).size());
    // The same source and period compared again after the late event (b2 sorts after b1 at the same instant).
    reconcile(store, journal, "b2", Optional.of(FROM), Optional.of(TO), List.of("a", "b", "c"));

    AuditReport report = run(journal, store);
    assertTrue(report.summary(), report.clean());
  }

  @Test
  public void aLateEventInAReconciledWindowIsAFindingWithTheBatchAndBeforeAndAfter() throws Exception {
    TestJournal journal = journal();
    CountingCheckpointStore store = new CountingCheckpointStore();
    reconcile(store, journal);
    journal.entity("b").record("late", T.plusSeconds(90), T.plusSeconds(600), "5", Map.of(), true);

    AuditReport report = run(journal, store);
    assertFalse(report.clean());
    assertEquals(Map.of(KIND, 1L), report.findingsByKind());
    assertEquals(1, report.stateMismatches());
    Finding f = report.findings().get(0);
    assertEquals("b", f.entityKey());
    assertEquals(null, f.seqNr());
    assertEquals("batch b1 (source test, period [2026-11-21T10:00:00Z, 2026-11-21T10:02:00Z)): window "
        + "2026-11-21T10:01:00Z changed since it was reconciled: checkpoint count 1, amount 2, digest "
        + WindowDigest.keyHash("k2") + "; ledger now count 2, amount 7, digest "
        + (WindowDigest.keyHash("k2") + WindowDigest.keyHash("late")), f.detail());
    assertTrue(report.summary(), report.summary().contains(KIND));
  }

  @Test
  public void aRetractionAfterTheCheckpointEmptiesItsWindow() throws Exception {
    TestJournal journal = journal();
    CountingCheckpointStore store = new CountingCheckpointStore();
    reconcile(store, journal);
    journal.entity("c").retract("r1", T.plusSeconds(700), "k1");

    List<Finding> findings = reconciledFindings(run(journal, store));
    assertEquals(1, findings.size());
    assertEquals("c", findings.get(0).entityKey());
    assertTrue(findings.get(0).detail(), findings.get(0).detail().contains("window 2026-11-21T10:00:00Z changed"
        + " since it was reconciled: checkpoint count 1, amount 1, digest " + WindowDigest.keyHash("k1")
        + "; ledger now count 0, amount 0, digest 0"));
  }

  @Test
  public void aKeySwappedForAnotherOfTheSameAmountChangesOnlyTheDigestAndIsFound() throws Exception {
    TestJournal journal = journal();
    CountingCheckpointStore store = new CountingCheckpointStore();
    reconcile(store, journal);
    journal.entity("a").retract("r1", T.plusSeconds(700), "k1")
        .record("k1-again", T.plusSeconds(15), T.plusSeconds(701), "1.00", Map.of(), true);

    List<Finding> findings = reconciledFindings(run(journal, store));
    assertEquals(1, findings.size());
    assertTrue(findings.get(0).detail(), findings.get(0).detail().contains("checkpoint count 1, amount 1, digest "
        + WindowDigest.keyHash("k1") + "; ledger now count 1, amount 1.00, digest "
        + WindowDigest.keyHash("k1-again")));
  }

  @Test
  public void aWindowThatGainedRecordsButWasNotInTheCheckpointIsAFinding() throws Exception {
    TestJournal journal = journal();
    CountingCheckpointStore store = new CountingCheckpointStore();
    // A period of five windows, of which the entity had records in three (10:00, 10:01, 10:02).
    reconcile(store, journal, "wide", Optional.of(FROM), Optional.of(T.plusSeconds(300)), List.of("a"));
    journal.entity("a").record("new-window", T.plusSeconds(200), T.plusSeconds(800), "4", Map.of(), true);

    List<Finding> findings = reconciledFindings(run(journal, store));
    assertEquals(List.of(new Finding("a", null, KIND, "batch wide (source test, period [2026-11-21T10:00:00Z, "
        + "2026-11-21T10:05:00Z)): window 2026-11-21T10:03:00Z was not in the checkpoint but now has records in the "
        + "period: ledger now count 1, amount 4, digest " + WindowDigest.keyHash("new-window"))), findings);
  }

  @Test
  public void everyBatchOfAnEntityIsCheckedWithItsOwnSourceAndPeriodOpenEndsIncluded() throws Exception {
    TestJournal journal = journal();
    CountingCheckpointStore store = new CountingCheckpointStore();
    reconcile(store, journal);
    reconcile(store, journal, "open", Optional.empty(), Optional.empty(), List.of("a"));
    journal.entity("a").record("late", T.plusSeconds(140), T.plusSeconds(900), "5", Map.of(), true);

    List<Finding> findings = reconciledFindings(run(journal, store));
    assertEquals("only the open period holds 10:02", 1, findings.size());
    assertTrue(findings.get(0).detail(), findings.get(0).detail().startsWith("batch open (source test, period "
        + "[open, open)): window 2026-11-21T10:02:00Z changed"));
  }

  @Test
  public void aChangeIsFoundWhereTheScanReadTheJournalAndWhereTheAuditReadOn() throws Exception {
    TestJournal journal = journal();
    CountingCheckpointStore store = new CountingCheckpointStore();
    reconcile(store, journal);
    journal.entity("a").record("late", T.plusSeconds(30), T.plusSeconds(600), "5", Map.of(), true);
    journal.scanFirst(2, true);

    List<Finding> findings = reconciledFindings(run(journal, store));
    assertEquals(List.of("a"), findings.stream().map(Finding::entityKey).toList());
  }

  @Test
  public void aStatementThatComparedAfterTheScanReadTheEntityIsComparedWithTheJournalReadOn() throws Exception {
    TestJournal journal = journal();
    journal.entity("a").record("k4", T.plusSeconds(50), T.plusSeconds(400), "4", Map.of(), true);
    CountingCheckpointStore store = new CountingCheckpointStore();
    reconcile(store, journal);
    // The scan read a before its k4 (and says nothing is left to read): the checkpoint has k4.
    journal.scanFirst(3, false);

    AuditReport report = run(journal, store);
    assertTrue(report.summary(), report.clean());
    assertEquals(10, report.eventsChecked());
  }

  @Test
  public void withoutCheckpointsARunAsksOnceAndLooksUpNoEntity() throws Exception {
    CountingCheckpointStore store = new CountingCheckpointStore();
    // Windows of a batch that did not finish: no checkpoint, so nothing is checked.
    store.saveWindows(List.of(new ReconciledWindow("a", "unfinished", SOURCE, Optional.of(FROM), Optional.of(TO), T,
        9, BigDecimal.TEN, 1))).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    AuditReport report = run(journal(), store);
    assertTrue(report.summary(), report.clean());
    assertEquals(3, report.entitiesChecked());
    assertEquals(1, store.listCalls.get());
    assertEquals(0, store.lookups.get());
  }

  @Test
  public void turnedOffTheCheckAsksNothing() throws Exception {
    TestJournal journal = journal();
    CountingCheckpointStore store = new CountingCheckpointStore();
    reconcile(store, journal);
    journal.entity("a").record("late", T.plusSeconds(30), T.plusSeconds(600), "5", Map.of(), true);

    AuditReport report = run(journal, store, "tally.audit.compare-reconciled-periods = off", AuditScope.ALL);
    assertTrue(report.summary(), report.clean());
    assertEquals(0, store.listCalls.get());
    assertEquals(0, store.lookups.get());
  }

  @Test
  public void aPointInTimeRunDoesNotCompareReconciledPeriods() throws Exception {
    TestJournal journal = journal();
    CountingCheckpointStore store = new CountingCheckpointStore();
    reconcile(store, journal);
    journal.entity("a").record("late", T.plusSeconds(30), T.plusSeconds(600), "5", Map.of(), true);

    AuditReport report = run(journal, store, "", new AuditScope(null, null, null, T.plusSeconds(700)));
    assertTrue("the checkpoint holds the ledger as it is now, not as it was: " + report.summary(), report.clean());
  }

  @Test
  public void anEntityWhoseWindowsCannotBeReadIsUnreadableAndTheRunGoesOn() throws Exception {
    TestJournal journal = journal();
    CountingCheckpointStore store = new CountingCheckpointStore();
    reconcile(store, journal);
    store.unreadable.add("b");
    journal.entity("c").record("late", T.plusSeconds(30), T.plusSeconds(600), "5", Map.of(), true);

    AuditReport report = run(journal, store);
    assertEquals(3, report.entitiesChecked());
    assertEquals(Map.of("unreadable", 1L, KIND, 1L), report.findingsByKind());
    Finding unreadable =
        report.findings().stream().filter(f -> f.kind().equals("unreadable")).findFirst().orElseThrow();
    assertEquals("b", unreadable.entityKey());
    assertTrue(unreadable.detail(), unreadable.detail().contains("reconciled windows could not be loaded")
        && unreadable.detail().contains("windows of b unavailable"));
  }

  @Test
  public void aStoreThatCannotSayWhetherAnyCheckpointExistsFailsTheRun() {
    CountingCheckpointStore store = new CountingCheckpointStore();
    store.listFailure = new IllegalStateException("no such table");
    ExecutionException failed = assertThrows(ExecutionException.class, () -> run(journal(), store));
    assertTrue(failed.getCause().getMessage(), failed.getCause().getMessage().contains("compare-reconciled-periods")
        && failed.getCause().getMessage().contains("no such table"));
    assertEquals(0, store.lookups.get());
  }

  @Test
  public void oneEntityAuditedAloneIsCheckedToo() throws Exception {
    TestJournal journal = journal();
    CountingCheckpointStore store = new CountingCheckpointStore();
    reconcile(store, journal);
    journal.entity("a").record("late", T.plusSeconds(30), T.plusSeconds(600), "5", Map.of(), true);

    AuditSettings audit = AuditSettings.create(ConfigFactory.load());
    EntityFindings found = new Auditor(journal, HANDLER, List.of(), WindowViewCheck.NONE, store, audit,
        Clock.systemUTC(), testKit.system()).auditEntity("a", AuditScope.ALL)
        .toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertEquals(List.of(KIND), found.findings().stream().map(Finding::kind).toList());
  }
}
