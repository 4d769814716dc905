package io.tally.projections.window;

import static io.tally.projections.TestEvents.W0;
import static io.tally.projections.TestEvents.W1;
import static io.tally.projections.TestEvents.envelope;
import static io.tally.projections.TestEvents.recorded;
import static io.tally.projections.TestEvents.retracted;
import static org.junit.Assert.assertEquals;
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
import io.tally.ledger.LedgerEvent;
import io.tally.ledger.Slices;
import io.tally.ledger.WindowDigest;
import io.tally.projections.metrics.MetricsRegistry;
import io.tally.projections.metrics.TallyMetrics;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

public class WindowViewHandlerTest {

  @ClassRule public static final TestKitJunitResource testKit = new TestKitJunitResource();
  @Rule public final LogCapturing logCapturing = new LogCapturing();

  private static final int SLICES = 4;
  private static final String ENTITY = "acc-1";
  private static final int SLICE = Slices.of(ENTITY, SLICES);

  private final ProjectionTestKit projectionTestKit = ProjectionTestKit.create(testKit.system());
  private final InMemoryWindowViewRepository repository = new InMemoryWindowViewRepository();
  private final TallyMetrics metrics = new TallyMetrics(new MetricsRegistry());

  private WindowViewHandler handler(WindowViewRepository repo) {
    return new WindowViewHandler(SLICE, SLICES, repo, metrics, Clock.systemUTC(), 3);
  }

  /** The grouped handler driven one envelope per group, as ProjectionTestKit's TestProjection does. */
  private TestProjection<Offset, EventEnvelope<LedgerEvent>> projection(List<EventEnvelope<LedgerEvent>> envelopes) {
    WindowViewHandler grouped = handler(repository);
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

  private WindowView row(java.time.Instant window) {
    return repository.find(SLICE, new WindowKey(ENTITY, window)).toCompletableFuture().join().orElseThrow();
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
  public void aRedeliveredGroupAppliesNothingTwice() throws Exception {
    EventEnvelope<LedgerEvent> a = envelope(1, 1, recorded(ENTITY, "k1", W0, "5", false));
    EventEnvelope<LedgerEvent> b = envelope(2, 2, recorded(ENTITY, "k2", W0, "7", false));
    WindowViewHandler h = handler(repository);
    h.process(List.of(a, b, a)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    h.process(List.of(a, b)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals(2, row(W0).values().count());
    assertEquals(new BigDecimal("12"), row(W0).values().sum());
    assertEquals(3.0, metrics.registry().value("tally_projection_redelivered_total", "slice",
        Integer.toString(SLICE)), 0.0);
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
  public void aRowChangedByARepairMeanwhileIsReReadNotOverwritten() throws Exception {
    // The first conditional write loses (a repair wrote the row in between, including seqNr 1).
    AtomicInteger writes = new AtomicInteger();
    WindowViewRepository racing = new DelegatingRepository(repository) {
      @Override
      public CompletionStage<Boolean> write(RowWrite write) {
        if (writes.getAndIncrement() == 0) {
          repository.put(new WindowView(ENTITY, SLICE, W0,
              WindowValues.EMPTY.recorded(new BigDecimal("5"), WindowDigest.keyHash("k1"), false), 1, 2,
              java.time.Instant.now()));
        }
        return super.write(write);
      }
    };
    handler(racing).process(List.of(envelope(1, 1, recorded(ENTITY, "k1", W0, "5", false)),
        envelope(2, 2, recorded(ENTITY, "k2", W0, "1", false)))).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals(2, row(W0).values().count());
    assertEquals(new BigDecimal("6"), row(W0).values().sum());
    assertEquals(2, row(W0).version());
    assertEquals(2, writes.get());
  }
}
