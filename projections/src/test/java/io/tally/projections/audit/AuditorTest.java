package io.tally.projections.audit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.tally.ledger.LedgerEventHandler;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.LedgerState;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.WindowAggregate;
import io.tally.ledger.journal.JournalEntry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.ClassRule;
import org.junit.Test;

/** Audit runs over an in-memory journal: chain findings, checkpoint comparisons, scope, bounds. */
public class AuditorTest {

  @ClassRule public static final TestKitJunitResource testKit = new TestKitJunitResource();

  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");
  private static final LedgerEventHandler HANDLER = new LedgerEventHandler(LedgerSettings.create(ConfigFactory.load()));

  private static AuditSettings settings(String overrides) {
    return AuditSettings.create(ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load()));
  }

  private static Auditor auditor(TestJournal journal, List<CheckpointSource> checkpoints, WindowViewCheck views,
      AuditSettings settings) {
    return new Auditor(journal, HANDLER, checkpoints, views, settings, Clock.systemUTC(), testKit.system());
  }

  private static AuditReport run(Auditor auditor, AuditScope scope) throws Exception {
    return auditor.run(scope, new AtomicReference<>(AuditProgress.NONE)).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Three entities a, b, c with 4 events each, ingested at T+1..T+4 s. */
  private static TestJournal threeEntities() {
    TestJournal journal = new TestJournal();
    for (String key : List.of("a", "b", "c")) {
      journal.entity(key).record("k1", T.plusSeconds(1), "1").record("k2", T.plusSeconds(2), "2")
          .record("k3", T.plusSeconds(3), "3").retract("r1", T.plusSeconds(4), "k2");
    }
    return journal;
  }

  private static CheckpointSource replayedAt(TestJournal journal, long seqNr, BreakKind kind) {
    return key -> CompletableFuture.completedFuture(Optional.of(new Checkpoint(kind, "test", seqNr,
        LedgerSummary.of(HANDLER.replay(LedgerState.empty(key), journal.events(key, (int) seqNr)), 0))));
  }

  @Test
  public void aJournalReadFromASequenceNumberStartsThere() throws Exception {
    List<Long> seqNrs = threeEntities().events("a", 3L)
        .map(JournalEntry::seqNr)
        .runWith(akka.stream.javadsl.Sink.seq(), testKit.system())
        .toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(List.of(3L, 4L), seqNrs);
  }

  @Test
  public void anUntamperedJournalIsClean() throws Exception {
    TestJournal journal = threeEntities();
    AtomicReference<AuditProgress> progress = new AtomicReference<>(AuditProgress.NONE);
    AuditReport report = auditor(journal, List.of(replayedAt(journal, 3, BreakKind.SNAPSHOT_MISMATCH)),
        WindowViewCheck.NONE, settings("")).run(AuditScope.ALL, progress).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(report.summary(), report.clean());
    assertEquals(3, report.entitiesChecked());
    assertEquals(12, report.eventsChecked());
    assertEquals(12, progress.get().eventsChecked());
    assertTrue(report.summary().contains("CLEAN"));
  }

  @Test
  public void aTamperedEventIsReportedWithEntitySeqNrAndKind() throws Exception {
    TestJournal journal = threeEntities();
    journal.tamper("b", 3, e -> TestJournal.withAmount(e, "300"));
    AuditReport report = run(auditor(journal, List.of(), WindowViewCheck.NONE, settings("")), AuditScope.ALL);
    assertFalse(report.clean());
    assertEquals(List.of(new Finding("b", 3L, "hash-mismatch", report.findings().get(0).detail())), report.findings());
    assertEquals(1, report.chainBreaks());
    assertEquals(1, report.entitiesWithFindings());
    assertEquals(Map.of("hash-mismatch", 1L), report.findingsByKind());
  }

  @Test
  public void aSnapshotThatDisagreesWithTheReplayIsAMismatchNamingTheField() throws Exception {
    TestJournal journal = threeEntities();
    CheckpointSource wrong = key -> CompletableFuture.completedFuture(Optional.of(new Checkpoint(
        BreakKind.SNAPSHOT_MISMATCH, "snapshot", 2, LedgerSummary.of(HANDLER.replay(LedgerState.empty(key),
            journal.events(key, 1)), 0))));
    AuditReport report = run(auditor(journal, List.of(wrong), WindowViewCheck.NONE, settings("")),
        new AuditScope("a", "b", null, null));
    assertEquals(1, report.entitiesChecked());
    Finding f = report.findings().get(0);
    assertEquals("a", f.entityKey());
    assertEquals(Long.valueOf(2), f.seqNr());
    assertEquals("snapshot-mismatch", f.kind());
    assertTrue(f.detail(), f.detail().contains("balance: replayed 3, stored 1"));
    assertEquals(1, report.stateMismatches());
  }

  @Test
  public void aCheckpointBeyondTheJournalIsAMismatch() throws Exception {
    TestJournal journal = threeEntities();
    AuditReport report = run(auditor(journal, List.of(key -> CompletableFuture.completedFuture(Optional.of(
        new Checkpoint(BreakKind.LIVE_STATE_MISMATCH, "live entity", 9, LedgerSummary.of(LedgerState.empty(key), 0))))),
        WindowViewCheck.NONE, settings("")), new AuditScope(null, "b", null, null));
    assertEquals("live-state-mismatch", report.findings().get(0).kind());
    assertTrue(report.findings().get(0).detail().contains("journal replays only to 4"));
  }

  @Test
  public void aScannedPrefixIsVerifiedAndTheRestReadOnFromWhereTheScanLeft() throws Exception {
    TestJournal journal = threeEntities();
    journal.scanFirst(2, true);
    journal.tamper("b", 1, e -> TestJournal.withAmount(e, "100"));
    journal.tamper("c", 3, e -> TestJournal.withAmount(e, "300"));
    AuditReport report = run(auditor(journal, List.of(), WindowViewCheck.NONE, settings("")), AuditScope.ALL);
    assertEquals(12, report.eventsChecked());
    assertEquals(List.of("b@1", "c@3"), report.findings().stream().map(f -> f.entityKey() + "@" + f.seqNr())
        .sorted().toList());
    assertTrue(report.findings().stream().allMatch(f -> f.kind().equals("hash-mismatch")));
  }

  @Test
  public void aJournalTheScanReadWholeIsNotReadAgain() throws Exception {
    TestJournal journal = threeEntities();
    journal.scanFirst(4, false);
    journal.failAfterFirst("a", new IllegalStateException("read again"));
    AuditReport report = run(auditor(journal, List.of(), WindowViewCheck.NONE, settings("")), AuditScope.ALL);
    assertTrue(report.summary(), report.clean());
    assertEquals(12, report.eventsChecked());
  }

  @Test
  public void aCheckpointBeyondWhatTheScanReadMakesTheAuditReadOn() throws Exception {
    TestJournal journal = threeEntities();
    // As if each entity had written events 3 and 4 after the scan passed it.
    journal.scanFirst(2, false);
    AuditReport report = run(auditor(journal, List.of(replayedAt(journal, 4, BreakKind.LIVE_STATE_MISMATCH)),
        WindowViewCheck.NONE, settings("")), AuditScope.ALL);
    assertTrue(report.summary(), report.clean());
    assertEquals(12, report.eventsChecked());
  }

  @Test
  public void untilStopsTheReplayWithinWhatTheScanRead() throws Exception {
    TestJournal journal = threeEntities();
    journal.scanFirst(4, true);
    journal.failAfterFirst("a", new IllegalStateException("read on past until"));
    AuditReport report = run(auditor(journal, List.of(), WindowViewCheck.NONE, settings("")),
        new AuditScope("a", "b", null, T.plusSeconds(3)));
    assertTrue(report.summary(), report.clean());
    assertEquals(3, report.eventsChecked());
  }

  @Test
  public void theTimeRangeLimitsReportedFindingsAndUntilStopsTheReplay() throws Exception {
    TestJournal journal = threeEntities();
    journal.tamper("a", 1, e -> TestJournal.withAmount(e, "100"));
    journal.tamper("a", 4, e -> e.withChain(e.prevHash(), "00".repeat(32)));
    Auditor auditor = auditor(journal, List.of(), WindowViewCheck.NONE, settings(""));
    AuditReport since = run(auditor, new AuditScope("a", "b", T.plusSeconds(2), null));
    assertEquals(List.of(4L), since.findings().stream().map(Finding::seqNr).toList());
    AuditReport until = run(auditor, new AuditScope("a", "b", null, T.plusSeconds(3)));
    assertEquals(List.of(1L), until.findings().stream().map(Finding::seqNr).toList());
    assertEquals(3, until.eventsChecked());
  }

  @Test
  public void findingsAreBoundedPerEntityAndPerRunButCounted() throws Exception {
    TestJournal journal = threeEntities();
    for (String key : List.of("a", "b", "c")) {
      for (long seqNr = 1; seqNr <= 3; seqNr++) {
        journal.tamper(key, seqNr, e -> TestJournal.withAmount(e, "9"));
      }
    }
    AuditReport report = run(auditor(journal, List.of(), WindowViewCheck.NONE,
        settings("tally.audit.max-findings-per-entity = 2\ntally.audit.max-findings = 5")), AuditScope.ALL);
    assertEquals(5, report.findings().size());
    assertEquals(4, report.findingsOmitted());
    assertEquals(3, report.entitiesWithFindings());
  }

  @Test
  public void anUnreadableJournalIsAFindingAndTheRunGoesOn() throws Exception {
    TestJournal journal = threeEntities();
    journal.failAfterFirst("b", new IllegalStateException("cannot deserialize"));
    AuditReport report = run(auditor(journal, List.of(), WindowViewCheck.NONE, settings("")), AuditScope.ALL);
    assertEquals(3, report.entitiesChecked());
    assertEquals(1, report.findings().size());
    Finding f = report.findings().get(0);
    assertEquals("b", f.entityKey());
    assertEquals("unreadable", f.kind());
    assertTrue(f.detail(), f.detail().contains("cannot deserialize"));
  }

  @Test
  public void thePluggedViewCheckGetsTheRecomputedWindows() throws Exception {
    TestJournal journal = threeEntities();
    List<List<WindowAggregate>> seen = new ArrayList<>();
    WindowViewCheck views = (key, windows) -> {
      synchronized (seen) {
        seen.add(windows);
      }
      return CompletableFuture.completedFuture(key.equals("c")
          ? List.of(Finding.of(key, null, BreakKind.VIEW_MISMATCH, "view count 3, recomputed 2")) : List.of());
    };
    AuditReport report = run(auditor(journal, List.of(), views, settings("")), AuditScope.ALL);
    assertEquals(3, seen.size());
    WindowAggregate window = seen.get(0).get(0);
    assertEquals("k2 was retracted", 2, window.count());
    assertEquals(0, new BigDecimal("4").compareTo(window.sum()));
    assertEquals(List.of(new Finding("c", null, "view-mismatch", "view count 3, recomputed 2")), report.findings());
  }

  @Test
  public void theReportIsJsonWithIsoInstantsAndKindNames() throws Exception {
    TestJournal journal = threeEntities();
    journal.tamper("a", 2, e -> TestJournal.withAmount(e, "5"));
    AuditReport report = run(auditor(journal, List.of(), WindowViewCheck.NONE, settings("")), AuditScope.ALL);
    ObjectMapper mapper = JacksonObjectMapperProvider.get(testKit.system()).getOrCreate(AuditJob.JSON_BINDING, Optional.empty());
    JsonNode json = new ObjectMapper().readTree(mapper.writeValueAsBytes(report));
    assertTrue(json.get("startedAt").asText(), json.get("startedAt").asText().endsWith("Z"));
    assertEquals("hash-mismatch", json.get("findings").get(0).get("kind").asText());
    assertEquals(2, json.get("findings").get(0).get("seqNr").asLong());
    assertEquals(1, json.get("chainBreaks").asLong());
    assertFalse("a clean() flag is not serialized twice", json.has("clean"));
  }
}
