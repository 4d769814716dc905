package io.tally.projections.drift;

import static io.tally.projections.ReadSideNode.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.tally.ledger.IngestOutcome;
import io.tally.ledger.ProposedEvent;
import io.tally.ledger.Slices;
import io.tally.ledger.WindowAggregate;
import io.tally.projections.ReadSideNode;
import io.tally.projections.repair.RepairStatus;
import io.tally.projections.window.WindowKey;
import io.tally.projections.window.WindowValues;
import io.tally.projections.window.WindowView;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;

/**
 * The drift detector while ingest keeps running into the same entities: faults injected into
 * their settled windows are each found within 2 × (window + allowed lateness + settle-time) and
 * repaired with the load still on, and the load itself raises no discrepancy (no entity is
 * deferred for being busy, and a change on its way to the view is not recorded).
 */
public class ContinuousReconciliationIT {

  private static final int ENTITIES = 200;
  private static final int EVENTS_PER_COMMAND = 20;
  /** Commands per second: 30 × 20 = 600 events/s offered. */
  private static final int COMMANDS_PER_SECOND = 30;
  private static final int IN_FLIGHT = 32;
  /** Window 1 s + allowed lateness 1 s + settle-time 2 s, twice. */
  private static final Duration DETECTION_BOUND = Duration.ofSeconds(2 * (1 + 1 + 2));
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static ReadSideNode node;

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  private ScheduledExecutorService pacer;
  private final AtomicLong offered = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
  private Instant loadStarted;

  @BeforeClass
  public static void start() throws Exception {
    node = ReadSideNode.start("continuous-reconciliation-it", ReadSideNode.config(ContinuousReconciliationIT.class,
        "tally.projections.drift.interval = 1s\n"
            + "tally.projections.drift.recheck-delay = 1s\n"));
  }

  @AfterClass
  public static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static String entity(int i) {
    return "busy-" + i;
  }

  private static int slice(String entity) {
    return Slices.of(entity, node.ledgerSettings.slices());
  }

  @Before
  public void startLoad() {
    loadStarted = Instant.now();
    pacer = Executors.newSingleThreadScheduledExecutor();
    pacer.scheduleAtFixedRate(this::sendOne, 0, 1_000_000 / COMMANDS_PER_SECOND, TimeUnit.MICROSECONDS);
  }

  /** One command of the steady load; skipped (and counted as not offered) when too many are in flight. */
  private void sendOne() {
    if (!inFlight.tryAcquire()) {
      return;
    }
    long n = offered.getAndIncrement();
    String e = entity((int) (n % ENTITIES));
    List<ProposedEvent> events = new ArrayList<>();
    for (int i = 0; i < EVENTS_PER_COMMAND; i++) {
      events.add(ProposedEvent.record(e, "c" + n + "-" + i, Instant.now(), BigDecimal.ONE, "load"));
    }
    node.ledger.ingest(e, events).whenComplete((outcomes, error) -> {
      inFlight.release();
      if (error != null) {
        failed.incrementAndGet();
      } else {
        accepted.addAndGet(outcomes.stream().filter(o -> o instanceof IngestOutcome.Accepted).count());
      }
    });
  }

  @After
  public void stopLoad() throws Exception {
    pacer.shutdownNow();
    assertTrue(pacer.awaitTermination(10, TimeUnit.SECONDS));
    // Let the commands in flight finish before the node stops.
    assertTrue(inFlight.tryAcquire(IN_FLIGHT, WAIT.toSeconds(), TimeUnit.SECONDS));
  }

  private static <T> T eventually(Duration max, Supplier<T> check) {
    return TestProbe.create(node.testKit.system()).awaitAssert(max, POLL, check::get);
  }

  private static List<Discrepancy> discrepancies() {
    try {
      return await(node.runtime.reconciliation().discrepancies(1000));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Optional<WindowView> view(String entity, Instant window) {
    try {
      return await(node.runtime.views().find(slice(entity), new WindowKey(entity, window)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A window of the entity with events that has closed and settled (closed at least settle-time ago). */
  private static Instant settledWindowWithEvents(String entity) {
    return eventually(WAIT, () -> {
      try {
        Instant settledBefore = Instant.now().minus(node.settings.settleTime()).minusSeconds(1);
        return node.state(entity).windows().stream()
            .map(WindowAggregate::windowStart)
            .filter(w -> !w.plusSeconds(2).isAfter(settledBefore))
            .reduce((a, b) -> b)
            .orElseThrow(() -> new AssertionError("no settled window yet"));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  /** Waits for the fault's discrepancy and its applied repair; returns the time to detect. */
  private static Duration awaitFoundAndRepaired(String fault, String entity, Instant window, DiscrepancyKind kind,
      Instant injected) {
    Discrepancy found = eventually(WAIT, () -> {
      Discrepancy d = discrepancies().stream()
          .filter(x -> x.entityKey().equals(entity) && x.windowStart().equals(window) && x.kind() == kind)
          .findFirst().orElseThrow(() -> new AssertionError(fault + ": not found yet"));
      try {
        assertTrue(fault + ": repaired", await(node.runtime.reconciliation().repairs(1000)).stream()
            .anyMatch(r -> r.discrepancyId().equals(d.id()) && r.status() == RepairStatus.APPLIED));
        if (kind != DiscrepancyKind.EXTRA) {
          assertEquals(fault, Optional.of(WindowValues.of(node.state(entity).window(window).orElseThrow())),
              view(entity, window).map(WindowView::values));
        } else {
          assertEquals(fault, Optional.empty(), view(entity, window));
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return d;
    });
    Duration toDetect = Duration.between(injected, found.detectedAt());
    assertTrue(fault + ": detected after it was injected", !toDetect.isNegative());
    System.out.printf("tally-it: under load, %-28s time to detect %5d ms%n", fault, toDetect.toMillis());
    return toDetect;
  }

  /**
   * Pauses the entity's slice, sends it one event, deletes that event's tag row and resumes; the
   * load goes on throughout. Returns the event's window.
   */
  private static Instant removeATagRowUnderLoad(String entity) throws Exception {
    var projection = io.tally.projections.window.WindowViewProjection.idOf(node.settings, slice(entity));
    var management = akka.projection.javadsl.ProjectionManagement.get(node.testKit.system());
    await(management.pause(projection));
    try {
      IngestOutcome.Accepted sent = (IngestOutcome.Accepted) node.ingest(entity, List.of(
          ProposedEvent.record(entity, "untagged", Instant.now(), new BigDecimal("7"), "it"))).get(0);
      node.removeTagRow(entity, sent.seqNr());
      return sent.windowStart();
    } finally {
      await(management.resume(projection));
    }
  }

  @Test
  public void faultsInjectedUnderLoadAreFoundAndRepairedAndTheLoadRaisesNoFalseAlarm() throws Exception {
    // Let the load run long enough that every entity has settled windows.
    String deleted = entity(3);
    String altered = entity(77);
    String extra = entity(150);
    String ghost = "ghost-under-load";
    Instant deletedWindow = settledWindowWithEvents(deleted);
    Instant alteredWindow = settledWindowWithEvents(altered);
    Instant emptyWindow = loadStarted.minusSeconds(10).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String ks = node.settings.keyspace();

    Instant injected = Instant.now();
    node.cql.execute(String.format("DELETE FROM %s.window_views WHERE slice = %d AND window_start = %d"
        + " AND entity_key = '%s'", ks, slice(deleted), deletedWindow.toEpochMilli(), deleted));
    node.cql.execute(String.format("UPDATE %s.window_views SET sum = 999 WHERE slice = %d AND window_start = %d"
        + " AND entity_key = '%s'", ks, slice(altered), alteredWindow.toEpochMilli(), altered));
    String insert = "INSERT INTO %s.window_views (slice, window_start, entity_key, count, sum, digest, late_count,"
        + " retracted_count, last_seq_nr, version, updated_at) VALUES (%d, %d, '%s', 1, 5, 42, 0, 0, 1, 1, %d)";
    node.cql.execute(String.format(insert, ks, slice(extra), emptyWindow.toEpochMilli(), extra,
        injected.minusSeconds(10).toEpochMilli()));
    node.cql.execute(String.format(insert, ks, slice(ghost), emptyWindow.toEpochMilli(), ghost,
        injected.minusSeconds(10).toEpochMilli()));

    List<Duration> times = List.of(
        awaitFoundAndRepaired("view row deleted", deleted, deletedWindow, DiscrepancyKind.MISSING, injected),
        awaitFoundAndRepaired("view sum altered", altered, alteredWindow, DiscrepancyKind.MISMATCH, injected),
        awaitFoundAndRepaired("extra row", extra, emptyWindow, DiscrepancyKind.EXTRA, injected),
        awaitFoundAndRepaired("extra row, unknown entity", ghost, emptyWindow, DiscrepancyKind.EXTRA, injected));
    for (Duration t : times) {
      assertTrue("detected within " + DETECTION_BOUND + ": " + times, t.compareTo(DETECTION_BOUND) <= 0);
    }

    // A tag row removed while the load runs: the slice writer fills the event from the journal
    // when the entity's next event shows the hole (or the detector repairs the window first).
    String untagged = entity(42);
    Instant untaggedWindow = removeATagRowUnderLoad(untagged);
    eventually(WAIT, () -> {
      try {
        assertEquals(Optional.of(WindowValues.of(node.state(untagged).window(untaggedWindow).orElseThrow())),
            view(untagged, untaggedWindow).map(WindowView::values));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return null;
    });
    double filled = node.runtime.metrics().value("tally_projection_gaps_filled_total", "slice",
        Integer.toString(slice(untagged)));
    boolean repaired = discrepancies().stream()
        .anyMatch(d -> d.entityKey().equals(untagged) && d.windowStart().equals(untaggedWindow));
    assertTrue("filled from the journal or repaired by the detector", filled >= 1 || repaired);
    System.out.printf("tally-it: under load, tag row removed: %s%n",
        filled >= 1 ? "filled from the journal (" + (long) filled + " events)" : "repaired by the detector");
    // The load went on all along, and raised nothing but the four injected faults.
    long acceptedBefore = accepted.get();
    eventually(WAIT, () -> {
      assertTrue("load still running", accepted.get() > acceptedBefore);
      return null;
    });
    double seconds = Duration.between(loadStarted, Instant.now()).toMillis() / 1000.0;
    System.out.printf("tally-it: under load, %d events accepted in %.1f s (%.0f events/s offered %d/s), %d failed%n",
        accepted.get(), seconds, accepted.get() / seconds, COMMANDS_PER_SECOND * EVENTS_PER_COMMAND, failed.get());
    assertEquals(0, failed.get());
    List<Discrepancy> unexpected = discrepancies().stream()
        .filter(d -> !(d.entityKey().equals(deleted) && d.windowStart().equals(deletedWindow)))
        .filter(d -> !(d.entityKey().equals(altered) && d.windowStart().equals(alteredWindow)))
        .filter(d -> !d.windowStart().equals(emptyWindow))
        .filter(d -> !(d.entityKey().equals(untagged) && d.windowStart().equals(untaggedWindow)))
        .toList();
    assertEquals("false alarms under load", List.of(), unexpected);
  }
}
