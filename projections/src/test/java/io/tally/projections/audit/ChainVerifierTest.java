package io.tally.projections.audit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.stream.javadsl.Sink;
import io.tally.ledger.HashChain;
import io.tally.ledger.LedgerEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.ClassRule;
import org.junit.Test;

public class ChainVerifierTest {

  @ClassRule public static final TestKitJunitResource testKit = new TestKitJunitResource();

  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");
  private static final String KEY = "acc-1";

  private static TestJournal journalOf(int events) {
    TestJournal journal = new TestJournal();
    TestJournal.Entity entity = journal.entity(KEY);
    for (int i = 1; i <= events; i++) {
      entity.record("k" + i, T.plusSeconds(i), Integer.toString(i));
    }
    return journal;
  }

  private static List<AuditedEvent> verify(TestJournal journal) throws Exception {
    return journal.events(KEY).via(ChainVerifier.flow()).runWith(Sink.seq(), testKit.system())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static List<Long> brokenSeqNrs(List<AuditedEvent> events) {
    return events.stream().filter(e -> !e.ok()).map(AuditedEvent::seqNr).toList();
  }

  @Test
  public void anUntamperedJournalIsOkEventByEvent() throws Exception {
    List<AuditedEvent> events = verify(journalOf(5));
    assertEquals(5, events.size());
    assertEquals(List.of(), brokenSeqNrs(events));
  }

  @Test
  public void aChangedPayloadIsAContentHashMismatchAtExactlyItsSeqNr() throws Exception {
    TestJournal journal = journalOf(5);
    journal.tamper(KEY, 3, e -> TestJournal.withAmount(e, "1000"));
    List<AuditedEvent> events = verify(journal);
    assertEquals(List.of(3L), brokenSeqNrs(events));
    assertEquals(List.of(BreakKind.HASH_MISMATCH), kinds(events.get(2)));
  }

  @Test
  public void aRemovedEventIsASequenceGapAndPrevHashMismatchAtTheNextEvent() throws Exception {
    TestJournal journal = journalOf(5);
    journal.remove(KEY, 3);
    List<AuditedEvent> events = verify(journal);
    assertEquals(List.of(4L), brokenSeqNrs(events));
    assertEquals(List.of(BreakKind.SEQUENCE_GAP, BreakKind.PREV_HASH_MISMATCH), kinds(events.get(2)));
  }

  @Test
  public void aReHashedEventIsAPrevHashMismatchAtTheFollowingEvent() throws Exception {
    TestJournal journal = journalOf(5);
    // A forger who recomputes the changed event's own hash still breaks the next link.
    journal.tamper(KEY, 2, e -> {
      LedgerEvent changed = TestJournal.withAmount(e, "7");
      return HashChain.seal(changed, e.prevHash());
    });
    List<AuditedEvent> events = verify(journal);
    assertEquals(List.of(3L), brokenSeqNrs(events));
    assertEquals(List.of(BreakKind.PREV_HASH_MISMATCH), kinds(events.get(2)));
  }

  @Test
  public void aFirstEventNotLinkedToGenesisIsBroken() throws Exception {
    TestJournal journal = journalOf(2);
    journal.tamper(KEY, 1, e -> e.withChain("ab".repeat(32), HashChain.hash("ab".repeat(32), e)));
    List<AuditedEvent> events = verify(journal);
    assertEquals(List.of(BreakKind.PREV_HASH_MISMATCH), kinds(events.get(0)));
    assertEquals(List.of(BreakKind.PREV_HASH_MISMATCH), kinds(events.get(1)));
  }

  @Test
  public void aNonHexPrevHashIsReportedNotThrown() throws Exception {
    TestJournal journal = journalOf(2);
    journal.tamper(KEY, 2, e -> e.withChain("not-hex", e.hash()));
    List<AuditedEvent> events = verify(journal);
    assertTrue(kinds(events.get(1)).contains(BreakKind.HASH_MISMATCH));
    assertTrue(kinds(events.get(1)).contains(BreakKind.PREV_HASH_MISMATCH));
  }

  @Test
  public void eachMaterialisationStartsAFreshChain() throws Exception {
    TestJournal journal = journalOf(3);
    assertEquals(List.of(), brokenSeqNrs(verify(journal)));
    assertEquals("no state leaks between runs", List.of(), brokenSeqNrs(verify(journal)));
  }

  private static List<BreakKind> kinds(AuditedEvent e) {
    return e.problems().stream().map(ChainProblem::kind).toList();
  }
}
