package io.tally.projections.drift;

import static io.tally.projections.ReadSideNode.TIMEOUT;
import static io.tally.projections.ReadSideNode.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.projection.ProjectionId;
import akka.projection.javadsl.ProjectionManagement;
import io.tally.ledger.IngestOutcome;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.ProposedEvent;
import io.tally.ledger.Slices;
import io.tally.ledger.WindowAggregate;
import io.tally.projections.ReadSideNode;
import io.tally.projections.repair.RepairRecord;
import io.tally.projections.repair.RepairStatus;
import io.tally.projections.window.WindowKey;
import io.tally.projections.window.WindowValues;
import io.tally.projections.window.WindowView;
import io.tally.projections.window.WindowViewProjection;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;

/**
 * Fault injection on the real Cassandra node: each divergence is detected by the periodic
 * detector (every 500 ms) and repaired from the journal; and legitimate traffic (late events,
 * retractions, duplicates, a projection restart) produces no discrepancy at all.
 */
public class ReconciliationIT {

  private static final Duration DETECT_DEADLINE = Duration.ofSeconds(40);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final AtomicInteger ids = new AtomicInteger();

  private static ReadSideNode node;

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  @BeforeClass
  public static void start() throws Exception {
    node = ReadSideNode.start("reconciliation-it",
        ReadSideNode.config(ReconciliationIT.class, "tally.projections.drift.interval = 500ms"));
  }

  @AfterClass
  public static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static String entity(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "-" + ids.incrementAndGet();
  }

  private static ProposedEvent record(String entity, String key, Instant eventTime, String amount) {
    return ProposedEvent.record(entity, key, eventTime, new BigDecimal(amount), "it");
  }

  private static int slice(String entity) {
    return Slices.of(entity, node.ledgerSettings.slices());
  }

  private static Optional<WindowView> view(String entity, Instant window) throws Exception {
    return await(node.runtime.views().find(slice(entity), new WindowKey(entity, window)));
  }

  private static WindowValues actorWindow(String entity, Instant window) throws Exception {
    WindowAggregate w = node.state(entity).window(window).orElseThrow();
    return WindowValues.of(w);
  }

  private static <T> T eventually(Duration max, java.util.function.Supplier<T> check) {
    return TestProbe.create(node.testKit.system()).awaitAssert(max, POLL, check::get);
  }

  private static void awaitViewMatchesActor(String entity, Instant window) {
    eventually(TIMEOUT, () -> {
      try {
        assertEquals(Optional.of(actorWindow(entity, window)), view(entity, window).map(WindowView::values));
        return null;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  private static List<Discrepancy> discrepancies(String entity) {
    try {
      return await(node.runtime.reconciliation().discrepancies(1000)).stream()
          .filter(d -> d.entityKey().equals(entity)).toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<RepairRecord> repairs(String entity) {
    try {
      return await(node.runtime.reconciliation().repairs(1000)).stream()
          .filter(r -> r.entityKey().equals(entity)).toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Waits for the detector to find and repair the divergence; prints the time to detect. */
  private static Discrepancy awaitDetectedAndRepaired(String scenario, String entity, Instant window,
      DiscrepancyKind kind, Instant injectedAt) throws Exception {
    Discrepancy found = eventually(DETECT_DEADLINE, () -> {
      List<Discrepancy> ds = discrepancies(entity).stream()
          .filter(d -> d.windowStart().equals(window) && d.kind() == kind).toList();
      assertEquals(scenario + ": discrepancies " + discrepancies(entity), 1, ds.size());
      assertTrue(repairs(entity).stream().anyMatch(r -> r.discrepancyId().equals(ds.get(0).id())
          && r.status() == RepairStatus.APPLIED));
      return ds.get(0);
    });
    System.out.printf("tally-it: %-28s time to detect %5d ms (kind %s)%n", scenario,
        Duration.between(injectedAt, found.detectedAt()).toMillis(), kind.wireName());
    return found;
  }

  private static Instant closedWindowOf(Instant eventTime) {
    return Instant.ofEpochMilli(eventTime.toEpochMilli() / 1000 * 1000);
  }

  @Test
  public void aDeletedViewRowIsDetectedAndRebuilt() throws Exception {
    String e = entity("deleted");
    Instant t = Instant.now();
    Instant w = closedWindowOf(t);
    node.ingest(e, List.of(record(e, "k1", t, "10"), record(e, "k2", t, "2.5")));
    awaitViewMatchesActor(e, w);
    Instant injected = Instant.now();
    node.cql.execute(String.format("DELETE FROM %s.window_views WHERE slice = %d AND window_start = %d AND entity_key = '%s'",
        node.settings.keyspace(), slice(e), w.toEpochMilli(), e));
    Discrepancy d = awaitDetectedAndRepaired("view row deleted", e, w, DiscrepancyKind.MISSING, injected);
    assertEquals(Optional.of(actorWindow(e, w)), d.expected());
    assertEquals(Optional.empty(), d.actual());
    assertEquals(Optional.of(actorWindow(e, w)), view(e, w).map(WindowView::values));
  }

  @Test
  public void anAlteredViewSumIsDetectedAndRebuilt() throws Exception {
    String e = entity("altered");
    Instant t = Instant.now();
    Instant w = closedWindowOf(t);
    node.ingest(e, List.of(record(e, "k1", t, "7")));
    awaitViewMatchesActor(e, w);
    Instant injected = Instant.now();
    node.cql.execute(String.format("UPDATE %s.window_views SET sum = 999 WHERE slice = %d AND window_start = %d AND entity_key = '%s'",
        node.settings.keyspace(), slice(e), w.toEpochMilli(), e));
    Discrepancy d = awaitDetectedAndRepaired("view sum altered", e, w, DiscrepancyKind.MISMATCH, injected);
    assertEquals(new BigDecimal("999"), d.actual().orElseThrow().sum());
    assertEquals(new BigDecimal("7"), view(e, w).orElseThrow().values().sum());
    RepairRecord repair = repairs(e).get(0);
    assertEquals(d.actual().get().fingerprint(e), repair.beforeDigest());
    assertEquals(actorWindow(e, w).fingerprint(e), repair.afterDigest());
  }

  @Test
  public void anEventMissingFromTheTagTableIsDetectedAndRepairedFromTheJournal() throws Exception {
    String e = entity("untagged");
    ProjectionId projection = WindowViewProjection.idOf(node.settings, slice(e));
    Instant t = Instant.now();
    Instant w = closedWindowOf(t);
    node.ingest(e, List.of(record(e, "k1", t, "1")));
    awaitViewMatchesActor(e, w);
    await(ProjectionManagement.get(node.testKit.system()).pause(projection));
    try {
      IngestOutcome.Accepted second = (IngestOutcome.Accepted) node.ingest(e, List.of(record(e, "k2", t, "2"))).get(0);
      node.removeTagRow(e, second.seqNr());
    } finally {
      await(ProjectionManagement.get(node.testKit.system()).resume(projection));
    }
    Instant injected = Instant.now();
    Discrepancy d = awaitDetectedAndRepaired("event missing from tag_views", e, w, DiscrepancyKind.MISMATCH, injected);
    assertEquals(1, d.actual().orElseThrow().count());
    assertEquals(2, d.expected().orElseThrow().count());
    assertEquals(Optional.of(actorWindow(e, w)), view(e, w).map(WindowView::values));
  }

  @Test
  public void anExtraViewRowIsDetectedAndRemoved() throws Exception {
    String e = entity("extra");
    Instant t = Instant.now();
    node.ingest(e, List.of(record(e, "k1", t, "3")));
    awaitViewMatchesActor(e, closedWindowOf(t));
    // A row for a window of this entity that has no events, and one for an entity that does not exist.
    Instant empty = closedWindowOf(t).minusSeconds(5);
    String ghost = "ghost-" + e;
    Instant injected = Instant.now();
    String insert = "INSERT INTO %s.window_views (slice, window_start, entity_key, count, sum, digest, late_count,"
        + " retracted_count, last_seq_nr, version, updated_at) VALUES (%d, %d, '%s', 1, 5, 42, 0, 0, 1, 1, %d)";
    node.cql.execute(String.format(insert, node.settings.keyspace(), slice(e), empty.toEpochMilli(), e,
        injected.minusSeconds(10).toEpochMilli()));
    node.cql.execute(String.format(insert, node.settings.keyspace(), slice(ghost), empty.toEpochMilli(), ghost,
        injected.minusSeconds(10).toEpochMilli()));
    awaitDetectedAndRepaired("extra view row", e, empty, DiscrepancyKind.EXTRA, injected);
    awaitDetectedAndRepaired("extra row, unknown entity", ghost, empty, DiscrepancyKind.EXTRA, injected);
    assertEquals(Optional.empty(), view(e, empty));
    assertEquals(Optional.empty(), view(ghost, empty));
  }

  @Test
  public void aProjectionStoppedMidStreamIsCaughtUpByRepairAndResumesFromItsOffset() throws Exception {
    String e = entity("stopped");
    ProjectionId projection = WindowViewProjection.idOf(node.settings, slice(e));
    Instant t = Instant.now();
    Instant w = closedWindowOf(t);
    node.ingest(e, List.of(record(e, "k1", t, "1"), record(e, "k2", t, "1")));
    awaitViewMatchesActor(e, w);
    await(ProjectionManagement.get(node.testKit.system()).pause(projection));
    Instant injected = Instant.now();
    try {
      node.ingest(e, List.of(record(e, "k3", t, "1"), record(e, "k4", t, "1")));
      awaitDetectedAndRepaired("projection stopped", e, w, DiscrepancyKind.MISMATCH, injected);
    } finally {
      await(ProjectionManagement.get(node.testKit.system()).resume(projection));
    }
    // Resumed from its offset, it re-reads k3 and k4; the row guard skips them (already repaired).
    String other = entity("after-restart");
    Instant t2 = Instant.now();
    node.ingest(other, List.of(record(other, "k1", t2, "1")));
    awaitViewMatchesActor(other, closedWindowOf(t2));
    assertEquals(4, view(e, w).orElseThrow().values().count());
    assertEquals(Optional.of(actorWindow(e, w)), view(e, w).map(WindowView::values));
  }

  @Test
  public void lateEventsRetractionsDuplicatesAndARestartProduceNoDiscrepancy() throws Exception {
    String e = entity("clean");
    ProjectionId projection = WindowViewProjection.idOf(node.settings, slice(e));
    Instant t = Instant.now();
    List<IngestOutcome> first = node.ingest(e, List.of(record(e, "k1", t, "5"), record(e, "k2", t, "6")));
    assertTrue(first.stream().allMatch(o -> o instanceof IngestOutcome.Accepted));
    // Duplicates: same keys again (nothing persisted).
    assertTrue(node.ingest(e, List.of(record(e, "k1", t, "5"))).get(0) instanceof IngestOutcome.Duplicate);
    // A restart of the slice's projection.
    await(ProjectionManagement.get(node.testKit.system()).pause(projection));
    await(ProjectionManagement.get(node.testKit.system()).resume(projection));
    // A late event (its window closed 1 s after it ended) and a retraction of a closed window.
    Instant old = Instant.now().minusSeconds(4);
    IngestOutcome late = node.ingest(e, List.of(record(e, "late-1", old, "100"))).get(0);
    assertTrue("late accepted: " + late, late instanceof IngestOutcome.Accepted a && a.late());
    eventually(TIMEOUT, () -> Instant.now().isAfter(t.plusSeconds(3)) ? null : fail());
    ProposedEvent retraction = ProposedEvent.retract(e, "r1", Instant.now(), "k1", "it");
    IngestOutcome retracted = node.ingest(e, List.of(retraction)).get(0);
    assertTrue("closed-window retraction: " + retracted, retracted instanceof IngestOutcome.Accepted);
    assertTrue(node.ingest(e, List.of(retraction)).get(0) instanceof IngestOutcome.Duplicate);

    LedgerSummary state = node.state(e);
    for (WindowAggregate w : state.windows()) {
      awaitViewMatchesActor(e, w.windowStart());
    }
    // The retraction of k1 came after t's window closed: a restatement (version 2, one correction).
    WindowView restated = view(e, closedWindowOf(t)).orElseThrow();
    assertEquals(2, restated.version());
    assertEquals(1, restated.values().lateCount());
    assertEquals(1, restated.values().retractedCount());
    assertEquals(1, await(node.runtime.views().corrections(e)).stream()
        .filter(c -> c.windowStart().equals(closedWindowOf(t))).count());
    // Settled (older than settle-time): an on-demand run checks it and finds nothing.
    Instant settled = node.state(e).lastIngestedAt().plus(node.settings.settleTime());
    eventually(TIMEOUT, () -> Instant.now().isAfter(settled) ? null : fail());
    DriftReport report = eventually(TIMEOUT, () -> {
      try {
        return await(node.runtime.reconciliation().runNow("on-demand", "it", false)).orElseThrow();
      } catch (Exception x) {
        throw new AssertionError(x);
      }
    });
    assertTrue(report.entitiesChecked() >= 1);
    assertEquals(List.of(), report.discrepancies().stream().filter(d -> d.entityKey().equals(e)).toList());
    assertEquals(List.of(), discrepancies(e));
  }

  private static <T> T fail() {
    throw new AssertionError("not yet");
  }

}
