package io.tally.projections.window;

import static io.tally.projections.TestEvents.W0;
import static io.tally.projections.TestEvents.W1;
import static io.tally.projections.TestEvents.envelope;
import static io.tally.projections.TestEvents.recorded;
import static io.tally.projections.TestEvents.retracted;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.persistence.query.Offset;
import akka.projection.ProjectionId;
import akka.projection.eventsourced.EventEnvelope;
import akka.projection.javadsl.Handler;
import akka.projection.testkit.javadsl.ProjectionTestKit;
import akka.projection.testkit.javadsl.TestProjection;
import akka.projection.testkit.javadsl.TestSourceProvider;
import akka.stream.javadsl.Source;
import io.tally.ledger.EventRecorded;
import io.tally.ledger.EventTimeWindows;
import io.tally.ledger.LedgerEvent;
import io.tally.ledger.Slices;
import io.tally.ledger.WindowDigest;
import io.tally.projections.metrics.TallyMetrics;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * The slice writer behind the projection handler: folding, redelivery, lateness, gaps filled
 * from the journal, repairs applied between groups, failed writes retried from a clean start,
 * and one partition read per open window.
 */
public class WindowViewHandlerTest {

  @ClassRule public static final TestKitJunitResource testKit = new TestKitJunitResource();
  @Rule public final LogCapturing logCapturing = new LogCapturing();

  private static final int SLICES = 4;
  private static final String ENTITY = "acc-1";
  private static final int SLICE = Slices.of(ENTITY, SLICES);
  /** Windows of a minute, closing 30 s after they end: at this instant W0 and W1 are both open. */
  private static final EventTimeWindows WINDOWS =
      new EventTimeWindows(Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofDays(30));
  private static final Clock OPEN = Clock.fixed(W1.plusSeconds(10), ZoneOffset.UTC);
  private static final Clock CLOSED = Clock.fixed(W1.plusSeconds(3600), ZoneOffset.UTC);

  private final ProjectionTestKit projectionTestKit = ProjectionTestKit.create(testKit.system());
  private final InMemoryWindowViewRepository repository = new InMemoryWindowViewRepository();
  private final TallyMetrics metrics = TallyMetrics.create();
  private final ListJournal journal = new ListJournal();

  private SliceWriter writer(WindowViewRepository repo, Clock clock) {
    return new LocalSliceWriters(repo, journal, WINDOWS, metrics, clock, testKit.system()).writer(SLICE);
  }

  /** The grouped handler driven one envelope per group, as ProjectionTestKit's TestProjection does. */
  private TestProjection<Offset, EventEnvelope<LedgerEvent>> projection(List<EventEnvelope<LedgerEvent>> envelopes) {
    WindowViewHandler grouped = new WindowViewHandler(writer(repository, CLOSED));
    TestSourceProvider<Offset, EventEnvelope<LedgerEvent>> source =
        TestSourceProvider.create(Source.from(envelopes), EventEnvelope::offset);
    return TestProjection.create(ProjectionId.of("window-views", Slices.tag(SLICE)), source,
        () -> new Handler<EventEnvelope<LedgerEvent>>() {
          @Override
          public CompletionStage<Done> process(EventEnvelope<LedgerEvent> envelope) {
            return grouped.process(List.of(envelope));
          }
        });
  }

  private WindowView row(Instant window) {
    return repository.find(SLICE, new WindowKey(ENTITY, window)).toCompletableFuture().join().orElseThrow();
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private double metric(String name) {
    return metrics.value(name, "slice", Integer.toString(SLICE));
  }

  /** An event of ENTITY with its envelope, also written to the journal (as the entity would). */
  private EventEnvelope<LedgerEvent> journaled(long seqNr, LedgerEvent event) {
    journal.append(seqNr, event);
    return envelope(seqNr, seqNr, event);
  }

  @Test
  public void eventsAreFoldedIntoTheirEventTimeWindows() {
    projectionTestKit.run(projection(List.of(
        envelope(1, 1, recorded(ENTITY, "k1", W0, "10.50", false)),
        envelope(2, 2, recorded(ENTITY, "k2", W0, "1.25", false)),
        envelope(3, 3, recorded(ENTITY, "k3", W1, "-2", false)))), () -> {
      WindowView w0 = row(W0);
      assertEquals(2, w0.values().count());
      assertEquals(new BigDecimal("11.75"), w0.values().sum());
      assertEquals(WindowDigest.of(List.of("k1", "k2")), w0.values().digest());
      assertEquals(2, w0.lastSeqNr());
      assertEquals(1, w0.version());
      assertEquals(SLICE, w0.slice());
      assertEquals(1, row(W1).values().count());
      assertEquals(new BigDecimal("-2"), row(W1).values().sum());
    });
  }

  @Test
  public void aRedeliveredEnvelopeCountsOnce() {
    EventEnvelope<LedgerEvent> first = envelope(1, 1, recorded(ENTITY, "k1", W0, "5", false));
    projectionTestKit.run(projection(List.of(first, first,
        envelope(2, 2, recorded(ENTITY, "k2", W0, "5", false)), first)), () -> {
      assertEquals(2, row(W0).values().count());
      assertEquals(new BigDecimal("10"), row(W0).values().sum());
    });
  }

  @Test
  public void aRedeliveredGroupChangesNothing() throws Exception {
    EventEnvelope<LedgerEvent> a = envelope(1, 1, recorded(ENTITY, "k1", W0, "5", false));
    EventEnvelope<LedgerEvent> b = envelope(2, 2, recorded(ENTITY, "k2", W0, "7", false));
    AtomicInteger writtenRows = new AtomicInteger();
    WindowViewRepository counting = new DelegatingRepository(repository) {
      @Override
      public CompletionStage<Done> write(List<RowChange> changes) {
        writtenRows.addAndGet(changes.size());
        return super.write(changes);
      }
    };
    for (Clock clock : List.of(OPEN, CLOSED)) {
      repository.remove(new WindowKey(ENTITY, W0));
      writtenRows.set(0);
      SliceWriter w = writer(counting, clock);
      await(w.apply(List.of(a, b, a)));
      WindowView once = row(W0);
      assertEquals(2, once.values().count());
      assertEquals(new BigDecimal("12"), once.values().sum());
      assertEquals(1, writtenRows.get());
      await(w.apply(List.of(a, b)));
      // And a fresh writer (a restarted projection) reading the rows back from the store.
      await(writer(counting, clock).apply(List.of(a, b)));
      assertEquals(once, row(W0));
      assertEquals(1, writtenRows.get());
    }
    assertEquals(2 * 5.0, metric("tally_projection_redelivered_total"), 0.0);
  }

  @Test
  public void aRetractionChangesItsTargetsWindowNotItsOwn() {
    projectionTestKit.run(projection(List.of(
        envelope(1, 1, recorded(ENTITY, "k1", W0, "4", false)),
        envelope(2, 2, recorded(ENTITY, "k2", W0, "6", false)),
        envelope(3, 3, retracted(ENTITY, "r1", "k1", 1, W0, W1, "4", false)))), () -> {
      WindowView w0 = row(W0);
      assertEquals(1, w0.values().count());
      assertEquals(new BigDecimal("6"), w0.values().sum());
      assertEquals(WindowDigest.of(List.of("k2")), w0.values().digest());
      assertEquals(1, w0.values().retractedCount());
      assertEquals(0, w0.values().lateCount());
      assertTrue(repository.find(SLICE, new WindowKey(ENTITY, W1)).toCompletableFuture().join().isEmpty());
    });
  }

  @Test
  public void lateChangesToAClosedWindowAreNewVersionsWithCorrections() {
    projectionTestKit.run(projection(List.of(
        envelope(1, 1, recorded(ENTITY, "k1", W0, "4", false)),
        envelope(2, 2, recorded(ENTITY, "k2", W0, "6", true)),
        envelope(3, 3, retracted(ENTITY, "r1", "k1", 1, W0, W1, "4", true)))), () -> {
      WindowView w0 = row(W0);
      assertEquals(3, w0.version());
      assertEquals(2, w0.values().lateCount());
      List<WindowCorrection> corrections = repository.corrections(ENTITY).toCompletableFuture().join();
      assertEquals(2, corrections.size());
      WindowCorrection late = corrections.get(0);
      assertEquals(2, late.version());
      assertEquals(1, late.before().count());
      assertEquals(new BigDecimal("4"), late.before().sum());
      assertEquals(2, late.after().count());
      assertEquals(new BigDecimal("10"), late.after().sum());
      assertEquals(2, late.causeSeqNr());
      assertEquals("late-event", late.cause());
      assertEquals(3, corrections.get(1).version());
      assertEquals(new BigDecimal("6"), corrections.get(1).after().sum());
    });
  }

  @Test
  public void anEventSkippedByTheTagStreamIsReadFromTheJournalBeforeTheNextOne() throws Exception {
    EventEnvelope<LedgerEvent> first = journaled(1, recorded(ENTITY, "k1", W0, "1", false));
    journaled(2, recorded(ENTITY, "k2", W0, "2", false)); // never delivered
    journaled(3, recorded(ENTITY, "k3", W1, "4", false)); // never delivered, another window
    EventEnvelope<LedgerEvent> fourth = journaled(4, recorded(ENTITY, "k4", W0, "8", false));
    SliceWriter w = writer(repository, OPEN);
    await(w.apply(List.of(first)));
    await(w.apply(List.of(fourth)));
    assertEquals(3, row(W0).values().count());
    assertEquals(new BigDecimal("11"), row(W0).values().sum());
    assertEquals(4, row(W0).lastSeqNr());
    assertEquals(new BigDecimal("4"), row(W1).values().sum());
    assertEquals(2.0, metric("tally_projection_gaps_filled_total"), 0.0);
    // The same after a restart: a new writer knows the entity only from its rows.
    journaled(5, recorded(ENTITY, "k5", W0, "16", false)); // never delivered
    EventEnvelope<LedgerEvent> sixth = journaled(6, recorded(ENTITY, "k6", W0, "32", false));
    await(writer(repository, OPEN).apply(List.of(sixth)));
    assertEquals(new BigDecimal("59"), row(W0).values().sum());
    assertEquals(3.0, metric("tally_projection_gaps_filled_total"), 0.0);
  }

  @Test
  public void aFailedWriteIsRetriedFromTheRowsAsTheyWereNotAsTheWriterHopedThemToBe() throws Exception {
    AtomicInteger writes = new AtomicInteger();
    WindowViewRepository failingOnce = new DelegatingRepository(repository) {
      @Override
      public CompletionStage<Done> write(List<RowChange> changes) {
        return writes.getAndIncrement() == 1
            ? CompletableFuture.failedFuture(new IllegalStateException("Cassandra timed out"))
            : super.write(changes);
      }
    };
    SliceWriter w = writer(failingOnce, OPEN);
    await(w.apply(List.of(envelope(1, 1, recorded(ENTITY, "k1", W0, "1", false)))));
    List<EventEnvelope<LedgerEvent>> group = List.of(envelope(2, 2, recorded(ENTITY, "k2", W0, "2", false)));
    ExecutionException failed = assertThrows(ExecutionException.class, () -> await(w.apply(group)));
    assertTrue(failed.getCause().getMessage().contains("timed out"));
    await(w.apply(group)); // the projection's retry of the same group
    assertEquals(2, row(W0).values().count());
    assertEquals(new BigDecimal("3"), row(W0).values().sum());
  }

  @Test
  public void anOpenWindowIsReadOnceAndThenHeld() throws Exception {
    AtomicInteger partitionReads = new AtomicInteger();
    AtomicInteger keyReads = new AtomicInteger();
    WindowViewRepository counting = new DelegatingRepository(repository) {
      @Override
      public CompletionStage<List<WindowView>> slice(int slice, Instant windowStart) {
        partitionReads.incrementAndGet();
        return super.slice(slice, windowStart);
      }

      @Override
      public CompletionStage<List<WindowView>> rows(int slice, Instant windowStart, java.util.Collection<String> keys) {
        keyReads.incrementAndGet();
        return super.rows(slice, windowStart, keys);
      }
    };
    SliceWriter w = writer(counting, OPEN);
    for (int seqNr = 1; seqNr <= 20; seqNr++) {
      await(w.apply(List.of(envelope(seqNr, seqNr, recorded(ENTITY, "k" + seqNr, W1, "1", false)))));
    }
    assertEquals(1, partitionReads.get());
    assertEquals(0, keyReads.get());
    assertEquals(20, row(W1).values().count());
  }

  @Test
  public void aRepairIsAppliedBetweenGroupsAndTheProjectionBuildsOnIt() throws Exception {
    SliceWriter w = writer(repository, OPEN);
    EventRecorded k1 = recorded(ENTITY, "k1", W0, "1", false);
    EventRecorded k2 = recorded(ENTITY, "k2", W0, "2", false);
    EventRecorded k3 = recorded(ENTITY, "k3", W0, "4", false);
    await(w.apply(List.of(envelope(1, 1, k1))));
    // The row is changed behind the writer's back; the journal says k1 + k2 (up to seqNr 2).
    repository.put(new WindowView(ENTITY, SLICE, W0, WindowValues.EMPTY.recorded(new BigDecimal("99"), 7, false), 1, 1,
        W0));
    WindowValues journalSays = WindowValues.EMPTY.recorded(k1.amount(), WindowDigest.keyHash("k1"), false)
        .recorded(k2.amount(), WindowDigest.keyHash("k2"), false);
    RowRepairResult result = await(w.repair(new RowRepair(new WindowKey(ENTITY, W0), SLICE, Optional.of(journalSays), 2)));
    assertTrue(result instanceof RowRepairResult.Applied);
    WindowCorrection correction = repository.corrections(ENTITY).toCompletableFuture().join().get(0);
    assertEquals(new BigDecimal("99"), correction.before().sum());
    assertEquals(journalSays, correction.after());
    assertEquals("repair", correction.cause());
    // The projection then delivers k2 (already in the repaired row) and k3.
    await(w.apply(List.of(envelope(2, 2, k2), envelope(3, 3, k3))));
    assertEquals(new BigDecimal("7"), row(W0).values().sum());
    assertEquals(3, row(W0).values().count());
    // Repeating the repair with the journal as it is now changes nothing.
    WindowValues now = row(W0).values();
    assertTrue(await(w.repair(new RowRepair(new WindowKey(ENTITY, W0), SLICE, Optional.of(now), 3)))
        instanceof RowRepairResult.Unchanged);
  }

  @Test
  public void aRepairOvertakenByTheProjectionWritesNothing() throws Exception {
    SliceWriter w = writer(repository, OPEN);
    List<EventEnvelope<LedgerEvent>> group = new ArrayList<>();
    for (int seqNr = 1; seqNr <= 3; seqNr++) {
      group.add(envelope(seqNr, seqNr, recorded(ENTITY, "k" + seqNr, W0, "1", false)));
    }
    await(w.apply(group));
    WindowView before = row(W0);
    RowRepairResult stale = await(w.repair(new RowRepair(new WindowKey(ENTITY, W0), SLICE,
        Optional.of(WindowValues.EMPTY.recorded(BigDecimal.ONE, 1, false)), 1)));
    assertEquals(new RowRepairResult.Stale(3), stale);
    assertEquals(before, row(W0));
    assertTrue(repository.corrections(ENTITY).toCompletableFuture().join().isEmpty());
  }
}
