package io.tally.projections.drift;

import static io.tally.projections.TestEvents.recorded;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import com.typesafe.config.ConfigFactory;
import io.tally.ledger.EventRecorded;
import io.tally.ledger.EventTimeWindows;
import io.tally.ledger.LedgerEventHandler;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.LedgerState;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.Slices;
import io.tally.projections.ProjectionSettings;
import io.tally.projections.metrics.TallyMetrics;
import io.tally.projections.repair.RepairPlanner;
import io.tally.projections.repair.RepairRecord;
import io.tally.projections.repair.RepairStatus;
import io.tally.projections.repair.Repairer;
import io.tally.projections.window.DelegatingRepository;
import io.tally.projections.window.InMemoryWindowViewRepository;
import io.tally.projections.window.ListJournal;
import io.tally.projections.window.LocalSliceWriters;
import io.tally.projections.window.WindowKey;
import io.tally.projections.window.WindowValues;
import io.tally.projections.window.WindowView;
import io.tally.projections.window.WindowViewRepository;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * Detection and repair over in-memory views and a stub write side: the digest-first comparison,
 * the three kinds of divergence, dry runs, auto-repair and approval.
 */
public class ReconciliationServiceTest {

  @ClassRule public static final TestKitJunitResource testKit = new TestKitJunitResource();
  @Rule public final LogCapturing logCapturing = new LogCapturing();

  private static final Instant W = Instant.parse("2026-11-21T12:00:00Z");
  private static final Instant NOW = W.plusSeconds(600);
  private static final LedgerSettings LEDGER = LedgerSettings.create(ConfigFactory.parseString(
      "tally.ledger.window-size = 1m\ntally.ledger.slices = 4").withFallback(ConfigFactory.load()));
  private static final LedgerEventHandler HANDLER = new LedgerEventHandler(LEDGER);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final InMemoryWindowViewRepository views = new InMemoryWindowViewRepository();
  private final InMemoryReconciliationStore store = new InMemoryReconciliationStore();
  private final TallyMetrics metrics = TallyMetrics.create();
  private final Map<String, List<EventRecorded>> journal = new HashMap<>();

  private LedgerState replay(String entity) {
    return HANDLER.replay(LedgerState.empty(entity), journal.getOrDefault(entity, List.of()));
  }

  private final ExpectedWindows writeSide = new ExpectedWindows() {
    @Override
    public CompletionStage<List<String>> entities(Instant since) {
      return CompletableFuture.completedFuture(List.copyOf(journal.keySet()));
    }

    @Override
    public CompletionStage<LedgerSummary> state(String entityKey) {
      return CompletableFuture.completedFuture(LedgerSummary.of(replay(entityKey), 0));
    }
  };

  private ReconciliationService service(boolean autoRepair) {
    return service(autoRepair, writeSide, views, "");
  }

  private ReconciliationService service(boolean autoRepair, ExpectedWindows expected, WindowViewRepository viewRows,
      String overrides) {
    ProjectionSettings settings = ProjectionSettings.create(ConfigFactory.parseString(overrides
        + "\ntally.projections.drift.lookback = 1h\ntally.projections.drift.settle-time = 30s\n"
        + "tally.projections.drift.recheck-delay = 10ms\n"
        + "tally.projections.drift.auto-repair = " + autoRepair).withFallback(ConfigFactory.load()));
    EventTimeWindows windows = EventTimeWindows.of(LEDGER);
    DriftDetector detector = new DriftDetector(expected, viewRows, windows, LEDGER.slices(), LEDGER.windowRetention(),
        LEDGER.maxFutureSkew(), settings, CLOCK, testKit.system());
    Repairer repairer = new Repairer(new RepairPlanner(e -> CompletableFuture.completedFuture(replay(e)), views, CLOCK),
        new LocalSliceWriters(views, new ListJournal(), windows, metrics, CLOCK, testKit.system()), 3);
    return new ReconciliationService(detector, repairer, store, metrics, windows, settings, CLOCK);
  }

  private void entity(String key, String... amounts) {
    for (int i = 0; i < amounts.length; i++) {
      journal.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(recordedAt(key, "k" + i, amounts[i]));
    }
    // The projection's view of it, right.
    LedgerState s = replay(key);
    views.put(new WindowView(key, Slices.of(key, LEDGER.slices()), W, WindowValues.of(s.windows().get(0)),
        s.lastSeqNr(), 1, W));
  }

  private static EventRecorded recordedAt(String entity, String key, String amount) {
    EventRecorded e = recorded(entity, key, W, amount, false);
    return new EventRecorded(e.entityKey(), e.idempotencyKey(), e.eventTime(), W.plusSeconds(5), W, false,
        e.amount(), Map.of(), Optional.empty(), "test", "p", "h");
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private WindowView view(String entity) throws Exception {
    return await(views.find(Slices.of(entity, LEDGER.slices()), new WindowKey(entity, W))).orElseThrow();
  }

  @Test
  public void aCleanLedgerHasNoDiscrepancyAndComparesOnlyDigests() throws Exception {
    entity("a", "1", "2");
    entity("b", "3");
    DriftReport report = await(service(true).runNow("on-demand", "test", false)).orElseThrow();
    assertEquals(List.of(), report.discrepancies());
    assertEquals(2, report.entitiesChecked());
    assertEquals(0, report.sliceWindowsDiverged());
    assertTrue(report.sliceWindowsChecked() >= 4 * 59);
  }

  @Test
  public void missingExtraAndMismatchedRowsAreFoundAndRepairedFromTheJournal() throws Exception {
    entity("missing", "1");
    entity("altered", "2", "3");
    entity("fine", "4");
    views.remove(new WindowKey("missing", W));
    WindowView altered = view("altered");
    views.put(new WindowView("altered", altered.slice(), W, altered.values().recorded(BigDecimal.TEN, 1, false),
        altered.lastSeqNr(), 1, W));
    views.put(new WindowView("ghost", Slices.of("ghost", LEDGER.slices()), W, WindowValues.EMPTY, 1, 1, W));

    DriftReport report = await(service(true).runNow("on-demand", "test", false)).orElseThrow();
    Map<String, DiscrepancyKind> kinds = new HashMap<>();
    report.discrepancies().forEach(d -> kinds.put(d.entityKey(), d.kind()));
    assertEquals(Map.of("missing", DiscrepancyKind.MISSING, "altered", DiscrepancyKind.MISMATCH,
        "ghost", DiscrepancyKind.EXTRA), kinds);
    assertTrue(report.repairs().stream().allMatch(r -> r.status() == RepairStatus.APPLIED));
    assertEquals(new BigDecimal("1"), view("missing").values().sum());
    assertEquals(new BigDecimal("5"), view("altered").values().sum());
    assertEquals(Optional.empty(), await(views.find(Slices.of("ghost", LEDGER.slices()), new WindowKey("ghost", W))));
    assertEquals(3, await(store.discrepancies(10)).size());
    assertEquals(3.0, metrics.value("tally_repairs_total", "outcome", "applied"), 0.0);
    // Idempotent: the next run is clean.
    assertEquals(List.of(), await(service(true).runNow("on-demand", "test", false)).orElseThrow().discrepancies());
  }

  @Test
  public void aDryRunShowsTheChangeAndWritesNothing() throws Exception {
    entity("a", "1");
    views.remove(new WindowKey("a", W));
    DriftReport report = await(service(true).runNow("on-demand", "test", true)).orElseThrow();
    assertEquals(1, report.discrepancies().size());
    RepairRecord planned = report.repairs().get(0);
    assertEquals(RepairStatus.DRY_RUN, planned.status());
    assertEquals(Optional.empty(), planned.before());
    assertEquals(new BigDecimal("1"), planned.after().orElseThrow().sum());
    assertTrue(views.all().isEmpty());
    assertEquals(List.of(), await(store.discrepancies(10)));
    assertEquals(List.of(), await(store.repairs(10)));
  }

  @Test
  public void withoutAutoRepairARepairWaitsForApproval() throws Exception {
    entity("a", "1", "1");
    views.remove(new WindowKey("a", W));
    ReconciliationService service = service(false);
    RepairRecord proposed = await(service.runNow("periodic", "test", false)).orElseThrow().repairs().get(0);
    assertEquals(RepairStatus.PROPOSED, proposed.status());
    assertTrue(views.all().isEmpty());
    Reconciliation.ApprovalOutcome outcome = await(service.approve(proposed.id(), "alice"));
    RepairRecord applied = ((Reconciliation.ApprovalOutcome.Applied) outcome).repair();
    assertEquals(RepairStatus.APPLIED, applied.status());
    assertEquals(Optional.of("alice"), applied.approvedBy());
    assertEquals(2, view("a").values().count());
    assertTrue(await(service.approve(proposed.id(), "alice")) instanceof Reconciliation.ApprovalOutcome.NotProposed);
  }

  @Test
  public void aBusyEntitysSettledWindowsAreComparedWhateverItsNewestEvent() throws Exception {
    entity("busy", "1", "2");
    // A new event just now, in the current window: the entity is busy, its window W long settled.
    journal.get("busy").add(new EventRecorded("busy", "now", NOW, NOW, NOW.minusSeconds(NOW.getEpochSecond() % 60),
        false, BigDecimal.ONE, Map.of(), Optional.empty(), "test", "p", "h"));
    views.remove(new WindowKey("busy", W));
    DriftReport report = await(service(true).runNow("on-demand", "test", false)).orElseThrow();
    assertEquals(List.of(DiscrepancyKind.MISSING), report.discrepancies().stream().map(Discrepancy::kind).toList());
    assertEquals(new BigDecimal("3"), view("busy").values().sum());
  }

  @Test
  public void aChangeStillOnItsWayToTheViewIsNotADiscrepancy() throws Exception {
    entity("moving", "1", "2");
    WindowView before = view("moving");
    // The view row as the first look reads it lacks the newest event; the projection then
    // applies it before the re-check.
    journal.get("moving").add(recordedAt("moving", "k9", "4"));
    WindowView caughtUp = new WindowView("moving", before.slice(), W, WindowValues.of(replay("moving").windows().get(0)),
        3, 1, W);
    WindowViewRepository projecting = new DelegatingRepository(views) {
      @Override
      public CompletionStage<List<WindowView>> slice(int slice, Instant windowStart) {
        CompletionStage<List<WindowView>> firstLook = super.slice(slice, windowStart)
            .thenApply(rows -> List.copyOf(rows));
        return firstLook.thenApply(rows -> {
          if (windowStart.equals(W) && slice == before.slice()) {
            views.put(caughtUp);
          }
          return rows;
        });
      }
    };
    DriftReport report = await(service(true, writeSide, projecting, "").runNow("on-demand", "test", false)).orElseThrow();
    assertEquals(List.of(), report.discrepancies());
    assertEquals(1, report.pairsInFlight());
    assertEquals(1, report.sliceWindowsDiverged());
    assertEquals(List.of(), await(store.discrepancies(10)));
  }

  @Test
  public void twoApprovalsOfOneRepairApplyItOnce() throws Exception {
    entity("a", "1", "1");
    views.remove(new WindowKey("a", W));
    ReconciliationService service = service(false);
    RepairRecord proposed = await(service.runNow("periodic", "test", false)).orElseThrow().repairs().get(0);
    CompletableFuture<Reconciliation.ApprovalOutcome> first = service.approve(proposed.id(), "alice").toCompletableFuture();
    CompletableFuture<Reconciliation.ApprovalOutcome> second = service.approve(proposed.id(), "bob").toCompletableFuture();
    List<Reconciliation.ApprovalOutcome> outcomes = List.of(await(first), await(second));
    assertEquals(1, outcomes.stream().filter(o -> o instanceof Reconciliation.ApprovalOutcome.Applied).count());
    assertEquals(1, outcomes.stream().filter(o -> o instanceof Reconciliation.ApprovalOutcome.NotProposed).count());
    assertEquals(1.0, metrics.value("tally_repairs_total", "outcome", "applied"), 0.0);
    assertEquals(RepairStatus.APPLIED, await(store.repair(proposed.id())).orElseThrow().status());
  }

  @Test
  public void aRunPastItsTimeoutStopsItsWorkAndTheNextStartsOnlyWhenItHasEnded() throws Exception {
    for (int i = 0; i < 20; i++) {
      entity("e" + i, "1");
    }
    CompletableFuture<Void> stuck = new CompletableFuture<>();
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    ExpectedWindows slow = new ExpectedWindows() {
      @Override
      public CompletionStage<List<String>> entities(Instant since) {
        return writeSide.entities(since);
      }

      @Override
      public CompletionStage<LedgerSummary> state(String entityKey) {
        reads.incrementAndGet();
        return stuck.thenCompose(ignored -> writeSide.state(entityKey));
      }
    };
    ReconciliationService service = service(true, slow, views,
        "tally.projections.drift.run-timeout = 200ms\ntally.projections.drift.entity-parallelism = 2");
    java.util.concurrent.ExecutionException timedOut = org.junit.Assert.assertThrows(
        java.util.concurrent.ExecutionException.class, () -> await(service.runNow("periodic", "test", false)));
    assertTrue(timedOut.getCause() instanceof java.util.concurrent.TimeoutException);
    // Its two reads are still in flight: no second run beside it.
    assertEquals(Optional.empty(), await(service.runNow("periodic", "test", false)));
    stuck.complete(null);
    // Released: the cancelled run started no further reads, and a new run may start.
    DriftReport next = TestProbe.<Void>create(testKit.system()).awaitAssert(java.time.Duration.ofSeconds(5), () -> {
      try {
        return await(service.runNow("periodic", "test", false)).orElseThrow();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertEquals(20, next.entitiesChecked());
    assertEquals(2 + 20, reads.get());
  }
}
