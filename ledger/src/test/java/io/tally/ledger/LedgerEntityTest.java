package io.tally.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import akka.persistence.query.EventEnvelope;
import akka.persistence.query.Offset;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.testkit.JournalOperation;
import akka.persistence.testkit.ProcessingSuccess;
import akka.persistence.testkit.WriteEvents;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import akka.persistence.testkit.javadsl.PersistenceTestKit;
import akka.persistence.testkit.query.javadsl.PersistenceTestKitReadJournal;
import akka.stream.javadsl.Sink;
import io.tally.ledger.IngestOutcome.Accepted;
import io.tally.ledger.IngestOutcome.Conflict;
import io.tally.ledger.IngestOutcome.Duplicate;
import io.tally.ledger.IngestOutcome.Gone;
import io.tally.ledger.IngestOutcome.Rejected;
import io.tally.ledger.LedgerEntity.Command;
import io.tally.ledger.LedgerEntity.GetState;
import io.tally.ledger.LedgerEntity.Ingest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/** The entity's rules, through EventSourcedBehaviorTestKit with serialization verified. */
public class LedgerEntityTest {

  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Duration ALLOWED_LATENESS = Duration.ofSeconds(30);
  private static final Instant WINDOW_CLOSES = T0.plus(WINDOW).plus(ALLOWED_LATENESS);
  private static final String SOURCE = "billing";
  private static final AtomicInteger ENTITY_IDS = new AtomicInteger();

  @ClassRule
  public static final TestKitJunitResource testKit = new TestKitJunitResource(TestSettings.SYSTEM);

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  private final ManualClock clock = new ManualClock(T0.plusSeconds(20));
  private String key;
  private EventSourcedBehaviorTestKit<Command, LedgerEvent, LedgerState> kit;

  @Before
  public void newEntity() {
    kit = entity(TestSettings.ledger());
  }

  // ---------------------------------------------------------------- record, dedupe, conflict

  @Test
  public void recordIsAcceptedWithTimestampsWindowHashAndOneSliceTag() throws Exception {
    ProposedEvent proposed = record("k1", "12.50", T0.plusSeconds(10))
        .withSequence(1L)
        .withAttributes(Map.of("tier", AttributeValue.text("gold"), "vip", AttributeValue.bool(true)));

    var result = run(proposed);

    assertEquals(List.of(new Accepted(1, T0.plusSeconds(20), T0, false)), outcomes(result));
    EventRecorded event = (EventRecorded) result.event();
    assertEquals(new EventRecorded(key, "k1", T0.plusSeconds(10), T0.plusSeconds(20), T0, false,
        new BigDecimal("12.50"), proposed.attributes(), Optional.of(1L), SOURCE, HashChain.GENESIS,
        event.hash()), event);
    assertEquals(HashChain.hash(HashChain.GENESIS, event), event.hash());

    LedgerSummary summary = summary();
    assertEquals(new BigDecimal("12.50"), summary.balance());
    assertEquals(proposed.attributes(), summary.attributes());
    assertEquals(new WindowAggregate(T0, 1, new BigDecimal("12.50"), WindowDigest.keyHash("k1"),
        0, 0), summary.window(T0).orElseThrow());
    assertEquals(event.hash(), summary.lastHash());

    assertEquals(1, eventsTagged(Slices.tagFor(key, 8)).size());
    for (String tag : Slices.allTags(8)) {
      if (!tag.equals(Slices.tagFor(key, 8))) {
        assertTrue(tag, eventsTagged(tag).isEmpty());
      }
    }
  }

  @Test
  public void duplicateWithSameContentRepliesOriginalSequenceAndPersistsNothing() {
    ingest(record("k1", "5"), record("k2", "6"));

    var again = run(record("k1", "5"));

    assertEquals(List.of(new Duplicate(1)), outcomes(again));
    assertTrue(again.hasNoEvents());
    assertEquals(2, summary().counts().events());
    assertEquals(1, summary().duplicatesSeen());
  }

  @Test
  public void numericallyEqualAmountIsTheSameContent() {
    ingest(record("k1", "10.5"));

    assertEquals(List.of(new Duplicate(1)), ingest(record("k1", "10.50")));
  }

  @Test
  public void sameKeyWithDifferentContentIsConflict() {
    ingest(record("k1", "5"));

    var result = run(record("k1", "6"));

    Conflict conflict = (Conflict) outcomes(result).get(0);
    assertTrue(conflict.reason(), conflict.reason().contains("'k1'"));
    assertTrue(result.hasNoEvents());
    assertEquals(new BigDecimal("5"), summary().balance());
  }

  @Test
  public void duplicateIsRecognisedAfterRecoveryFromSnapshotAlone() {
    // snapshot-every = 4 in the test config
    ingest(record("k1", "1"), record("k2", "2"), record("k3", "3"), record("k4", "4"));
    LedgerState before = kit.getState();
    kit.snapshotTestKit().orElseThrow().expectNextPersisted(persistenceId(), before);
    // Only the snapshot is left: recovery cannot replay events.
    kit.persistenceTestKit().clearByIdPreservingSeqNumbers(persistenceId());

    assertEquals(before, kit.restart().state());
    assertEquals(List.of(new Duplicate(2)), ingest(record("k2", "2")));
    assertTrue(ingest(record("k2", "20")).get(0) instanceof Conflict);
    assertEquals(5, ((Accepted) ingest(record("k5", "5")).get(0)).seqNr());
  }

  @Test
  public void recoveryRebuildsTheSameState() {
    ingest(record("k1", "1").withSequence(1L).withAttributes(Map.of("a", AttributeValue.text("x"))),
        retract("r-early", "k9"), record("k2", "2").withSequence(4L), retract("r1", "k1"));
    clock.advance(Duration.ofSeconds(200));
    ingest(record("k9", "9"), tombstone("d1"));
    LedgerState before = kit.getState();

    assertEquals(before, kit.restart().state());
    assertEquals(LedgerSummary.of(before, 0), summary());
  }

  // ---------------------------------------------------------------- batches

  @Test
  public void batchWithMixedOutcomesIsPersistedInOneWrite() {
    ingest(record("k0", "1"));
    List<Integer> writes = new CopyOnWriteArrayList<>();
    kit.persistenceTestKit().withPolicy((String pid, JournalOperation op) -> {
      if (op instanceof WriteEvents write) {
        writes.add(write.getBatch().size());
      }
      return ProcessingSuccess.getInstance();
    });
    try {
      var result = run(
          record("k1", "2"),
          record("k1", "2"),
          record("k0", "9"),
          record("k3", "1.0000000000000000001"),
          record("k2", "3"),
          retract("r1", "k1"));

      List<IngestOutcome> outcomes = outcomes(result);
      assertEquals(6, outcomes.size());
      assertEquals(2, ((Accepted) outcomes.get(0)).seqNr());
      assertEquals(new Duplicate(2), outcomes.get(1));
      assertTrue(outcomes.get(2) instanceof Conflict);
      assertEquals(Optional.of("amount"), ((Rejected) outcomes.get(3)).field());
      assertEquals(3, ((Accepted) outcomes.get(4)).seqNr());
      assertEquals(4, ((Accepted) outcomes.get(5)).seqNr());
      assertEquals(List.of("k1", "k2", "r1"),
          result.events().stream().map(LedgerEvent::idempotencyKey).toList());
      assertTrue(result.events().get(2) instanceof EventRetracted);
      assertEquals(List.of(3), writes);
      assertEquals(new BigDecimal("4"), summary().balance());
    } finally {
      kit.persistenceTestKit().resetPolicy();
    }
  }

  @Test
  public void batchLargerThanTheLimitCannotBeProcessed() {
    kit = entity(TestSettings.ledger("tally.ledger.max-batch-size = 2"));

    var result = kit.<StatusReply<IngestResult>>runCommand(replyTo -> new Ingest(
        List.of(record("a", "1"), record("b", "1"), record("c", "1")), replyTo));

    assertTrue(result.reply().isError());
    assertTrue(result.reply().getError().getMessage().contains("max-batch-size"));
    assertTrue(result.hasNoEvents());
  }

  @Test
  public void logLinesAboutACommandCarryItsRequestIdAndEntityKey() {
    ingest(record("k1", "5"));

    LoggingTestKit.info("Ingest of 2 events: 1 accepted (0 late), 0 duplicate, 1 refused (first: conflict)")
        .withMdc(Map.of(CommandLog.REQUEST_ID, "req-7", CommandLog.ENTITY_KEY, key))
        .expect(testKit.system(), () -> kit.<StatusReply<IngestResult>>runCommand(replyTo ->
            new Ingest(List.of(record("k2", "1"), record("k1", "6")), replyTo, Optional.of("req-7"))));
    LoggingTestKit.debug("Ingest of 1 events: 0 accepted (0 late), 1 duplicate")
        .withMdc(Map.of(CommandLog.REQUEST_ID, "req-8"))
        .expect(testKit.system(), () -> kit.<StatusReply<IngestResult>>runCommand(replyTo ->
            new Ingest(List.of(record("k2", "1")), replyTo, Optional.of("req-8"))));
  }

  @Test
  public void anOversizedCommandIsLoggedWithItsRequestId() {
    kit = entity(TestSettings.ledger("tally.ledger.max-batch-size = 1"));

    LoggingTestKit.warn("Ingest of 2 events refused: more than max-batch-size 1")
        .withMdc(Map.of(CommandLog.REQUEST_ID, "req-9", CommandLog.ENTITY_KEY, key))
        .expect(testKit.system(), () -> kit.<StatusReply<IngestResult>>runCommand(replyTo ->
            new Ingest(List.of(record("a", "1"), record("b", "1")), replyTo, Optional.of("req-9"))));
  }

  // ---------------------------------------------------------------- timestamps and lateness

  @Test
  public void ingestedAtIsStrictlyIncreasingEvenWhenTheClockGoesBackwards() {
    Instant first = T0.plusSeconds(20);
    assertEquals(first, accepted(ingest(record("k1", "1")).get(0)).ingestedAt());

    clock.set(T0.plusSeconds(5));
    List<IngestOutcome> batch = ingest(record("k2", "1"), record("k3", "1"));
    assertEquals(first.plusNanos(1_000), accepted(batch.get(0)).ingestedAt());
    assertEquals(first.plusNanos(2_000), accepted(batch.get(1)).ingestedAt());

    kit.restart();
    assertEquals(first.plusNanos(3_000), accepted(ingest(record("k4", "1")).get(0)).ingestedAt());

    clock.set(T0.plusSeconds(30).plusNanos(1_999));
    assertEquals(T0.plusSeconds(30).plusNanos(1_000),
        accepted(ingest(record("k5", "1")).get(0)).ingestedAt());
  }

  @Test
  public void exactlyAtWindowEndPlusAllowedLatenessIsOnTimeAndOneMicrosecondLaterIsLate() {
    clock.set(WINDOW_CLOSES);
    Accepted onTime = accepted(ingest(record("k1", "1", T0.plusSeconds(10))).get(0));
    clock.set(WINDOW_CLOSES.plusNanos(1_000));
    var result = run(record("k2", "2", T0.plusSeconds(10)));

    assertFalse(onTime.late());
    assertEquals(new Accepted(2, WINDOW_CLOSES.plusNanos(1_000), T0, true), outcomes(result).get(0));
    assertTrue(result.event().late());
    assertEquals(1, summary().counts().late());
    assertEquals(1, summary().window(T0).orElseThrow().lateCount());
  }

  @Test
  public void rejectPolicyRejectsLateEventsAndPersistsNothing() {
    kit = entity(TestSettings.ledger("tally.ledger.late-policy = reject"));
    clock.set(WINDOW_CLOSES);
    assertFalse(accepted(ingest(record("k1", "1", T0)).get(0)).late());
    clock.set(WINDOW_CLOSES.plusNanos(1_000));

    var result = run(record("k2", "1", T0));

    Rejected rejected = (Rejected) outcomes(result).get(0);
    assertEquals(Optional.of("eventTime"), rejected.field());
    assertTrue(rejected.reason(), rejected.reason().startsWith("eventTime.late"));
    assertTrue(result.hasNoEvents());
  }

  @Test
  public void eventsBeyondMaxLatenessAreRejectedUnderBothPolicies() {
    Instant old = T0.minus(Duration.ofDays(31));
    for (String policy : List.of("accept", "reject")) {
      kit = entity(TestSettings.ledger("tally.ledger.late-policy = " + policy));
      var result = run(record("k1", "1", old));
      Rejected rejected = (Rejected) outcomes(result).get(0);
      assertTrue(rejected.reason(), rejected.reason().startsWith("eventTime.max-lateness"));
      assertTrue(result.hasNoEvents());
    }
  }

  @Test
  public void maxLatenessBoundaryIsInclusive() {
    Instant eventTime = T0;
    Instant limit = T0.plus(WINDOW).plus(Duration.ofDays(30));
    clock.set(limit);
    assertTrue(accepted(ingest(record("k1", "1", eventTime)).get(0)).late());
    clock.set(limit.plusNanos(1_000));
    assertTrue(ingest(record("k2", "1", eventTime)).get(0) instanceof Rejected);
  }

  @Test
  public void eventTimeMayBeAtMostMaxFutureSkewAhead() {
    Instant now = clock.instant();
    assertTrue(ingest(record("k1", "1", now.plus(Duration.ofMinutes(5)))).get(0)
        instanceof Accepted);

    Rejected rejected = (Rejected) ingest(
        record("k2", "1", now.plus(Duration.ofMinutes(5)).plusNanos(1))).get(0);
    assertEquals(Optional.of("eventTime"), rejected.field());
    assertTrue(rejected.reason(), rejected.reason().startsWith("eventTime.future-skew"));
  }

  // ---------------------------------------------------------------- retractions

  @Test
  public void retractionReversesAmountWindowAndAttributesExactly() {
    ingest(record("k1", "5", T0.plusSeconds(1)).withAttributes(Map.of("tier", AttributeValue.text("silver"))),
        record("k2", "7", T0.plusSeconds(2)).withAttributes(Map.of("tier", AttributeValue.text("gold"))));
    assertEquals(AttributeValue.text("gold"), summary().attributes().get("tier"));

    var result = run(retract("r2", "k2"));

    EventRetracted retracted = (EventRetracted) result.event();
    assertEquals("k2", retracted.targetIdempotencyKey());
    assertEquals(2, retracted.targetSeqNr());
    assertEquals(T0, retracted.targetWindowStart());
    assertFalse(retracted.targetWindowClosed());
    assertEquals(new BigDecimal("7"), retracted.reversedAmount());
    assertEquals(Map.of("tier", AttributeValue.text("silver")), retracted.restoredAttributes());
    LedgerSummary summary = summary();
    assertEquals(new BigDecimal("5"), summary.balance());
    assertEquals(AttributeValue.text("silver"), summary.attributes().get("tier"));
    WindowAggregate window = summary.window(T0).orElseThrow();
    assertEquals(1, window.count());
    assertEquals(0, window.sum().compareTo(new BigDecimal("5")));
    assertEquals(WindowDigest.of(List.of("k1")), window.digest());
    assertEquals(1, window.retractedCount());
    assertEquals(1, summary.counts().retracted());

    ingest(retract("r1", "k1"));
    assertEquals(0, summary().balance().signum());
    assertFalse(summary().attributes().containsKey("tier"));
  }

  @Test
  public void retractingTwiceIsDuplicateWhateverTheRetractionKey() {
    ingest(record("k1", "5"));
    assertEquals(2, accepted(ingest(retract("r1", "k1")).get(0)).seqNr());

    assertEquals(List.of(new Duplicate(2)), ingest(retract("r1", "k1")));
    assertEquals(List.of(new Duplicate(2)), ingest(retract("r2", "k1")));
    assertEquals(0, summary().balance().signum());
    assertEquals(1, summary().counts().retracted());
  }

  @Test
  public void retractionBeforeItsTargetIsPendingAndTheTargetIsNeutralisedOnArrival() {
    var early = run(retract("r1", "k1"));
    assertTrue(early.event() instanceof RetractionPending);
    assertEquals(1, summary().pendingRetractions());
    assertEquals(List.of(new Duplicate(1)), ingest(retract("r2", "k1")));

    var arrival = run(record("k1", "5").withAttributes(Map.of("tier", AttributeValue.text("gold"))));

    assertEquals(1, outcomes(arrival).size());
    assertEquals(2, accepted(outcomes(arrival).get(0)).seqNr());
    assertEquals(2, arrival.events().size());
    assertTrue(arrival.events().get(0) instanceof EventRecorded);
    EventRetracted neutraliser = (EventRetracted) arrival.events().get(1);
    assertEquals("r1", neutraliser.idempotencyKey());
    assertEquals(Optional.of(1L), neutraliser.pendingSeqNr());
    assertEquals(2, neutraliser.targetSeqNr());
    assertEquals(new BigDecimal("5"), neutraliser.reversedAmount());
    assertEquals(Map.of("tier", AttributeValue.NULL_VALUE), neutraliser.restoredAttributes());
    assertTrue(neutraliser.ingestedAt().isAfter(arrival.events().get(0).ingestedAt()));

    LedgerSummary summary = summary();
    assertEquals(0, summary.balance().signum());
    assertEquals(0, summary.pendingRetractions());
    assertEquals(1, summary.counts().recorded());
    assertEquals(1, summary.counts().retracted());
    assertTrue(summary.attributes().isEmpty());
    assertEquals(0, summary.window(T0).orElseThrow().count());
    assertEquals(0, summary.window(T0).orElseThrow().digest());
    assertEquals(List.of(new Duplicate(1)), ingest(retract("r1", "k1")));
    assertEquals(List.of(new Duplicate(2)), ingest(record("k1", "5")
        .withAttributes(Map.of("tier", AttributeValue.text("gold")))));
  }

  @Test
  public void retractionOfARetractionOrTombstoneIsRejected() {
    ingest(record("k1", "5"), retract("r1", "k1"), tombstone("d1"), restore("s1"));

    Rejected ofRetraction = (Rejected) ingest(retract("r2", "r1")).get(0);
    Rejected ofTombstone = (Rejected) ingest(retract("r3", "d1")).get(0);

    assertEquals(Optional.of("retracts"), ofRetraction.field());
    assertTrue(ofRetraction.reason(), ofRetraction.reason().startsWith("retracts.not-retractable"));
    assertTrue(ofTombstone.reason(), ofTombstone.reason().contains("tombstone"));
  }

  @Test
  public void pendingRetractionIsVoidedWhenItsTargetArrivesAsANonRecord() {
    ingest(retract("r1", "d1"));

    ingest(tombstone("d1"));

    assertEquals(0, summary().pendingRetractions());
    assertEquals(1, summary().counts().voidedRetractions());
    assertTrue(summary().deleted());
  }

  @Test
  public void pendingRetractionsAreBounded() {
    kit = entity(TestSettings.ledger("tally.ledger.max-pending-retractions = 1"));
    ingest(retract("r1", "t1"));

    Rejected rejected = (Rejected) ingest(retract("r2", "t2")).get(0);

    assertTrue(rejected.reason(), rejected.reason().startsWith("retracts.pending-limit"));
  }

  // ---------------------------------------------------------------- tombstones

  @Test
  public void tombstoneMakesRecordsGoneUntilRestore() {
    ingest(record("k1", "5"));
    assertTrue(ingest(tombstone("d1")).get(0) instanceof Accepted);
    LedgerSummary deleted = summary();
    assertTrue(deleted.deleted());
    assertEquals(Optional.of(T0.plusSeconds(1)), deleted.deletedAt());

    assertEquals(List.of(new Gone(T0.plusSeconds(1), 2)), ingest(record("k2", "1")));
    assertEquals(List.of(new Gone(T0.plusSeconds(1), 2)), ingest(retract("r1", "k1")));
    assertEquals(List.of(new Gone(T0.plusSeconds(1), 2)), ingest(tombstone("d2")));
    assertEquals(List.of(new Duplicate(1)), ingest(record("k1", "5")));

    assertTrue(ingest(restore("s1")).get(0) instanceof Accepted);
    assertFalse(summary().deleted());
    assertEquals(4, accepted(ingest(record("k2", "1")).get(0)).seqNr());
    assertEquals(new BigDecimal("6"), summary().balance());

    Rejected notDeleted = (Rejected) ingest(restore("s2")).get(0);
    assertEquals(Optional.of("type"), notDeleted.field());
  }

  // ---------------------------------------------------------------- attributes

  @Test
  public void attributesMergeLastWriterWinsByEventTimeAndRemovalsAreRemembered() {
    ingest(attr("k1", T0.plusSeconds(20), AttributeValue.text("open")));
    ingest(attr("k2", T0.plusSeconds(10), AttributeValue.text("closed")));
    assertEquals(AttributeValue.text("open"), summary().attributes().get("status"));

    ingest(attr("k3", T0.plusSeconds(30), AttributeValue.NULL_VALUE));
    assertFalse(summary().attributes().containsKey("status"));

    ingest(attr("k4", T0.plusSeconds(25), AttributeValue.text("reopened")));
    assertFalse(summary().attributes().containsKey("status"));

    ingest(attr("k5", T0.plusSeconds(40), AttributeValue.number(new BigDecimal("1.50"))));
    assertEquals(AttributeValue.number(new BigDecimal("1.50")), summary().attributes().get("status"));
  }

  @Test
  public void attributeOwnedByAnotherSourceIsNeverOverwritten() {
    kit = entity(TestSettings.ledger("tally.ledger.attribute-owners { tier = crm }"));
    ProposedEvent byCrm = record("k1", "1").withSource("crm")
        .withAttributes(Map.of("tier", AttributeValue.text("gold")));
    ingest(byCrm);

    var byBilling = run(record("k2", "1").withAttributes(Map.of("tier", AttributeValue.text("tin"))));
    Rejected write = (Rejected) outcomes(byBilling).get(0);
    Rejected retraction = (Rejected) ingest(retract("r1", "k1")).get(0);

    assertEquals(Optional.of("attributes.tier"), write.field());
    assertTrue(write.reason(), write.reason().contains("owned by source 'crm'"));
    assertTrue(byBilling.hasNoEvents());
    assertEquals(Optional.of("retracts"), retraction.field());
    assertTrue(retraction.reason(), retraction.reason().contains("'tier'"));
    assertEquals(AttributeValue.text("gold"), summary().attributes().get("tier"));
    assertTrue(ingest(retract("r2", "k1").withSource("crm")).get(0) instanceof Accepted);
  }

  @Test
  public void attributeCountPerEntityIsBounded() {
    kit = entity(TestSettings.ledger("tally.ledger.max-attributes-per-entity = 2"));
    ingest(record("k1", "1").withAttributes(Map.of("a", AttributeValue.text("1"),
        "b", AttributeValue.text("2"))));

    Rejected rejected = (Rejected) ingest(record("k2", "1")
        .withAttributes(Map.of("c", AttributeValue.text("3")))).get(0);

    assertEquals(Optional.of("attributes"), rejected.field());
    assertTrue(ingest(record("k3", "1")
        .withAttributes(Map.of("a", AttributeValue.text("9")))).get(0) instanceof Accepted);
  }

  // ---------------------------------------------------------------- producer sequence

  @Test
  public void producerSequenceGapsAndOutOfOrderArrivalsAreRecordedWithoutBlocking() {
    List<IngestOutcome> outcomes = ingest(seq("k1", 1), seq("k2", 2), seq("k5", 5));
    assertTrue(outcomes.stream().allMatch(o -> o instanceof Accepted));
    // The event that opened the gap says so (what the node counts in tally_producer_sequence_gaps_total).
    assertEquals(List.of(false, false, true), outcomes.stream().map(o -> ((Accepted) o).sequenceGap()).toList());
    assertEquals(new ProducerSequence(5, 1, 0, List.of(new SequenceRange(3, 4)), 0),
        summary().sequences().get(SOURCE));

    assertEquals(false, ((Accepted) ingest(seq("k3", 3)).get(0)).sequenceGap());
    assertEquals(new ProducerSequence(5, 1, 1, List.of(new SequenceRange(4, 4)), 0),
        summary().sequences().get(SOURCE));

    ingest(seq("k4", 4), seq("k4b", 4), seq("k1crm", 1).withSource("crm"));
    assertEquals(new ProducerSequence(5, 1, 3, List.of(), 0), summary().sequences().get(SOURCE));
    assertEquals(new ProducerSequence(1, 0, 0, List.of(), 0), summary().sequences().get("crm"));
  }

  // ---------------------------------------------------------------- windows and contract

  @Test
  public void windowAggregatesAreKeptForTheConfiguredNumberOfWindows() {
    kit = entity(TestSettings.ledger("tally.ledger.window-retention = 2"));
    clock.set(T0.plusSeconds(200));
    ingest(record("a1", "1", T0.plusSeconds(5)), record("a2", "2", T0.plusSeconds(6)),
        record("b1", "3", T0.plusSeconds(65)), record("c1", "4", T0.plusSeconds(125)));

    List<WindowAggregate> windows = summary().windows();

    assertEquals(List.of(T0.plusSeconds(60), T0.plusSeconds(120)),
        windows.stream().map(WindowAggregate::windowStart).toList());
    assertEquals(new BigDecimal("10"), summary().balance());
    ingest(record("a3", "1", T0.plusSeconds(7)));
    assertEquals(2, summary().windows().size());
    assertTrue(summary().window(T0).isEmpty());
  }

  @Test
  public void theEntityRechecksTheContract() {
    Rejected otherEntity = (Rejected) ingest(record("k1", "1").withEntityKey("someone-else")).get(0);
    Rejected schema = (Rejected) ingest(record("k2", "1").withSchemaVersion(2)).get(0);
    Rejected noSource = (Rejected) ingest(record("k3", "1").withSource(null)).get(0);

    assertEquals(Optional.of("entityKey"), otherEntity.field());
    assertEquals(Optional.of("schemaVersion"), schema.field());
    assertEquals(Optional.of("source"), noSource.field());
    assertEquals(0, summary().lastSeqNr());
  }

  // ---------------------------------------------------------------- hash chain and failures

  @Test
  public void hashChainContinuesAcrossSnapshotsAndRecovery() {
    ingest(record("k1", "1"), record("k2", "2"));
    ingest(record("k3", "3"), retract("r1", "k1"));
    ingest(record("k5", "5"), record("k6", "6"));
    kit.restart();
    ingest(record("k7", "7"), tombstone("d1"), restore("s1"));

    List<LedgerEvent> events = journal();

    assertEquals(9, events.size());
    assertEquals(HashChain.GENESIS, events.get(0).prevHash());
    for (int i = 1; i < events.size(); i++) {
      assertEquals(events.get(i - 1).hash(), events.get(i).prevHash());
      assertEquals(HashChain.hash(events.get(i).prevHash(), events.get(i)), events.get(i).hash());
    }
    HashChain.Verification verification = HashChain.verify(HashChain.GENESIS, events);
    assertTrue(verification.problem(), verification.intact());
    assertEquals(events.get(8).hash(), kit.getState().lastHash());
  }

  @Test
  public void replayThroughTheEventHandlerGivesTheEntityState() {
    ingest(record("k1", "1").withAttributes(Map.of("a", AttributeValue.text("x"))),
        retract("r0", "k7"), record("k2", "2").withSequence(3L));
    Instant afterFirstBatch = kit.getState().lastIngestedAt();
    clock.advance(Duration.ofSeconds(1));
    ingest(retract("r1", "k1"), record("k7", "7"), tombstone("d1"));
    LedgerEventHandler handler = new LedgerEventHandler(TestSettings.ledger());

    LedgerState replayed = handler.replay(LedgerState.empty(key), journal());
    LedgerState asOf = handler.replayUntil(LedgerState.empty(key), journal(), afterFirstBatch);

    assertEquals(kit.getState(), replayed);
    assertEquals(3, asOf.lastSeqNr());
    assertEquals(new BigDecimal("3"), asOf.balance());
    assertFalse(asOf.deleted());
  }

  @Test
  public void failedWriteIsNotRememberedAndTheEntityRestarts() {
    LedgerSettings settings = TestSettings.ledger();
    key = "acct-" + ENTITY_IDS.incrementAndGet();
    ActorRef<Command> entity = testKit.spawn(LedgerEntity.create(key, settings, clock));
    TestProbe<StatusReply<IngestResult>> probe = testKit.createTestProbe();
    PersistenceTestKit.create(testKit.system()).failNextPersisted(persistenceId());

    entity.tell(new Ingest(List.of(record("k1", "1")), probe.ref()));
    probe.expectNoMessage(Duration.ofMillis(300));
    entity.tell(new Ingest(List.of(record("k1", "1")), probe.ref()));

    StatusReply<IngestResult> reply = probe.receiveMessage();
    assertEquals(1, accepted(reply.getValue().outcomes().get(0)).seqNr());
  }

  // ---------------------------------------------------------------- helpers

  private EventSourcedBehaviorTestKit<Command, LedgerEvent, LedgerState> entity(
      LedgerSettings settings) {
    key = "acct-" + ENTITY_IDS.incrementAndGet();
    return EventSourcedBehaviorTestKit.create(
        testKit.system(),
        LedgerEntity.create(key, settings, clock),
        EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
  }

  private String persistenceId() {
    return LedgerEntity.persistenceId(key).id();
  }

  private CommandResultWithReply<Command, LedgerEvent, LedgerState, StatusReply<IngestResult>> run(
      ProposedEvent... events) {
    return kit.runCommand(replyTo -> new Ingest(List.of(events), replyTo));
  }

  private static List<IngestOutcome> outcomes(
      CommandResultWithReply<Command, LedgerEvent, LedgerState, StatusReply<IngestResult>> result) {
    return result.reply().getValue().outcomes();
  }

  private List<IngestOutcome> ingest(ProposedEvent... events) {
    return outcomes(run(events));
  }

  private LedgerSummary summary() {
    return kit.<LedgerSummary>runCommand(GetState::new).reply();
  }

  private List<LedgerEvent> journal() {
    List<LedgerEvent> events = new ArrayList<>();
    for (Object event : kit.persistenceTestKit().persistedInStorage(persistenceId())) {
      events.add((LedgerEvent) event);
    }
    return events;
  }

  private List<EventEnvelope> eventsTagged(String tag) throws Exception {
    PersistenceTestKitReadJournal journal = PersistenceQuery.get(testKit.system())
        .getReadJournalFor(PersistenceTestKitReadJournal.class,
            PersistenceTestKitReadJournal.Identifier());
    return journal.currentEventsByTag(tag, Offset.noOffset())
        .filter(envelope -> envelope.persistenceId().equals(persistenceId()))
        .runWith(Sink.seq(), testKit.system())
        .toCompletableFuture()
        .get(3, TimeUnit.SECONDS);
  }

  private static Accepted accepted(IngestOutcome outcome) {
    return (Accepted) outcome;
  }

  private ProposedEvent record(String idempotencyKey, String amount) {
    return record(idempotencyKey, amount, T0);
  }

  private ProposedEvent record(String idempotencyKey, String amount, Instant eventTime) {
    return ProposedEvent.record(key, idempotencyKey, eventTime, new BigDecimal(amount), SOURCE);
  }

  private ProposedEvent retract(String idempotencyKey, String target) {
    return ProposedEvent.retract(key, idempotencyKey, T0.plusSeconds(1), target, SOURCE);
  }

  private ProposedEvent tombstone(String idempotencyKey) {
    return ProposedEvent.tombstone(key, idempotencyKey, T0.plusSeconds(1), SOURCE);
  }

  private ProposedEvent restore(String idempotencyKey) {
    return ProposedEvent.restore(key, idempotencyKey, T0.plusSeconds(2), SOURCE);
  }

  private ProposedEvent attr(String idempotencyKey, Instant eventTime, AttributeValue value) {
    return record(idempotencyKey, "0", eventTime).withAttributes(Map.of("status", value));
  }

  private ProposedEvent seq(String idempotencyKey, long sequence) {
    return record(idempotencyKey, "1").withSequence(sequence);
  }

  @Test
  public void persistenceIdsAreBuiltAndReadInOnePlace() {
    assertEquals("LedgerEntity|acc/1", LedgerEntity.persistenceId("acc/1").id());
    assertEquals(java.util.Optional.of("acc/1"), LedgerEntity.entityKeyOf("LedgerEntity|acc/1"));
    assertEquals(java.util.Optional.empty(), LedgerEntity.entityKeyOf("OtherEntity|acc/1"));
  }
}
