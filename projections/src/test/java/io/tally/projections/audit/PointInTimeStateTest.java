package io.tally.projections.audit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import com.typesafe.config.ConfigFactory;
import io.tally.ledger.AttributeValue;
import io.tally.ledger.LedgerEventHandler;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.LedgerState;
import io.tally.ledger.LedgerSummary;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.ClassRule;
import org.junit.Test;

/** State as of an ingestion instant, around retractions, tombstones and late events. */
public class PointInTimeStateTest {

  @ClassRule public static final TestKitJunitResource testKit = new TestKitJunitResource();

  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");
  private static final String KEY = "acc-1";
  private static final LedgerEventHandler HANDLER = new LedgerEventHandler(LedgerSettings.create(ConfigFactory.load()));

  private static PointInTimeState pointInTime(TestJournal journal, int chunkSize) {
    AuditSettings settings = AuditSettings.create(ConfigFactory.parseString("tally.audit.replay-chunk-size = " + chunkSize)
        .withFallback(ConfigFactory.load()));
    return new PointInTimeState(journal, HANDLER, settings, testKit.system());
  }

  private static LedgerSummary asOf(TestJournal journal, Instant asOf) throws Exception {
    return LedgerSummary.of(pointInTime(journal, 2).asOf(KEY, asOf).toCompletableFuture().get(10, TimeUnit.SECONDS), 0);
  }

  /** t+1 record 10 (tier gold), t+2 record 5 (tier silver), t+3 retract the 5, t+4 tombstone, t+5 restore. */
  private static TestJournal history() {
    TestJournal journal = new TestJournal();
    journal.entity(KEY)
        .record("k1", T.plusSeconds(1), T.plusSeconds(1), "10", Map.of("tier", AttributeValue.text("gold")), false)
        .record("k2", T.plusSeconds(2), T.plusSeconds(2), "5", Map.of("tier", AttributeValue.text("silver")), false)
        .retract("r1", T.plusSeconds(3), "k2")
        .tombstone("t1", T.plusSeconds(4))
        .restore("x1", T.plusSeconds(5));
    return journal;
  }

  @Test
  public void aReplayPastItsEventBoundIsRefusedWithoutReadingFurther() throws Exception {
    TestJournal journal = history();
    PointInTimeState pointInTime = pointInTime(journal, 2);
    // Five events up to t+5: a bound of 5 replays them, a bound of 4 is refused.
    assertEquals(5, pointInTime.asOf(KEY, T.plusSeconds(5), 5).toCompletableFuture().get(10, TimeUnit.SECONDS)
        .orElseThrow().lastSeqNr());
    assertTrue(pointInTime.asOf(KEY, T.plusSeconds(5), 4).toCompletableFuture().get(10, TimeUnit.SECONDS).isEmpty());
    // Events after asOf do not count against the bound.
    assertEquals(2, pointInTime.asOf(KEY, T.plusSeconds(2), 2).toCompletableFuture().get(10, TimeUnit.SECONDS)
        .orElseThrow().lastSeqNr());
  }

  @Test
  public void beforeTheFirstEventTheEntityIsEmpty() throws Exception {
    LedgerSummary s = asOf(history(), T);
    assertEquals(0, s.lastSeqNr());
    assertEquals(0, s.balance().signum());
  }

  @Test
  public void aRetractedEventCountsUntilTheRetractionWasIngested() throws Exception {
    TestJournal journal = history();
    LedgerSummary before = asOf(journal, T.plusSeconds(2).plusMillis(500));
    assertEquals(new BigDecimal("15"), before.balance());
    assertEquals(AttributeValue.text("silver"), before.attributes().get("tier"));
    assertEquals(0, before.counts().retracted());

    LedgerSummary after = asOf(journal, T.plusSeconds(3));
    assertEquals("the instant itself is included", new BigDecimal("10"), after.balance());
    assertEquals("the retraction restores the earlier value", AttributeValue.text("gold"), after.attributes().get("tier"));
    assertEquals(1, after.counts().retracted());
    assertEquals(3, after.lastSeqNr());
  }

  @Test
  public void aTombstonedEntityIsDeletedUntilRestored() throws Exception {
    TestJournal journal = history();
    LedgerSummary deleted = asOf(journal, T.plusSeconds(4));
    assertTrue(deleted.deleted());
    assertEquals(T.plusSeconds(4), deleted.deletedAt().orElseThrow());
    assertEquals("history stays: the balance survives the tombstone", new BigDecimal("10"), deleted.balance());
    assertFalse(asOf(journal, T.plusSeconds(5)).deleted());
  }

  @Test
  public void aLateEventChangesItsOldWindowOnlyFromWhenItWasIngested() throws Exception {
    TestJournal journal = new TestJournal();
    Instant oldEventTime = T.minusSeconds(3600);
    journal.entity(KEY)
        .record("k1", T.plusSeconds(1), "1")
        .record("late", oldEventTime, T.plusSeconds(10), "7", Map.of(), true);
    LedgerSummary before = asOf(journal, T.plusSeconds(9));
    assertEquals(0, before.counts().late());
    assertTrue(before.window(TestJournal.window(oldEventTime)).isEmpty());

    LedgerSummary after = asOf(journal, T.plusSeconds(10));
    assertEquals(1, after.counts().late());
    assertEquals(1, after.window(TestJournal.window(oldEventTime)).orElseThrow().lateCount());
    assertEquals(new BigDecimal("8"), after.balance());
  }

  @Test
  public void chunkedReplayEqualsOneReplayUntilOverTheWholeJournalAtEveryInstant() throws Exception {
    TestJournal journal = history();
    for (int chunk = 1; chunk <= 6; chunk++) {
      for (int s = 0; s <= 6; s++) {
        Instant asOf = T.plusSeconds(s);
        LedgerState chunked = pointInTime(journal, chunk).asOf(KEY, asOf).toCompletableFuture().get(10, TimeUnit.SECONDS);
        LedgerState whole = HANDLER.replayUntil(LedgerState.empty(KEY), journal.allEvents(KEY), asOf);
        assertEquals("chunk " + chunk + " asOf +" + s + "s", LedgerSummary.of(whole, 0), LedgerSummary.of(chunked, 0));
      }
    }
  }
}
