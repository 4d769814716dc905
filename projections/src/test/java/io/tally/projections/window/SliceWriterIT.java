package io.tally.projections.window;

import static io.tally.projections.ReadSideNode.TIMEOUT;
import static io.tally.projections.ReadSideNode.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.projection.ProjectionId;
import akka.projection.javadsl.ProjectionManagement;
import akka.stream.javadsl.Sink;
import io.tally.ledger.IngestOutcome;
import io.tally.ledger.LedgerEventHandler;
import io.tally.ledger.LedgerState;
import io.tally.ledger.ProposedEvent;
import io.tally.ledger.Slices;
import io.tally.ledger.WindowAggregate;
import io.tally.projections.ReadSideNode;
import io.tally.ledger.journal.CassandraJournalReader;
import io.tally.ledger.journal.JournalEntry;
import io.tally.projections.repair.LedgerJournalReplay;
import io.tally.projections.repair.RepairPlanner;
import io.tally.projections.repair.Repairer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;

/**
 * The slice writer on the real Cassandra node, with the drift detector off: an event removed from
 * tag_views is filled from the journal, a repair racing the projection leaves the row equal to the
 * entity with every correction true, and a stream replayed from its start changes no row.
 */
public class SliceWriterIT {

  private static final Duration POLL = Duration.ofMillis(100);
  /** How long the racing repairs and ingest run. */
  private static final Duration RACE = Duration.ofSeconds(6);
  private static final AtomicInteger ids = new AtomicInteger();

  private static ReadSideNode node;
  private static CassandraJournalReader journal;
  private static LedgerEventHandler rules;

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  @BeforeClass
  public static void start() throws Exception {
    node = ReadSideNode.start("slice-writer-it",
        ReadSideNode.config(SliceWriterIT.class, "tally.projections.drift.interval = 0s"));
    journal = new CassandraJournalReader(node.testKit.system());
    rules = new LedgerEventHandler(node.ledgerSettings);
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

  private static int slice(String entity) {
    return Slices.of(entity, node.ledgerSettings.slices());
  }

  private static ProposedEvent record(String entity, String key, Instant eventTime, String amount) {
    return ProposedEvent.record(entity, key, eventTime, new BigDecimal(amount), "it");
  }

  private static <T> T eventually(Duration max, Supplier<T> check) {
    return TestProbe.create(node.testKit.system()).awaitAssert(max, POLL, check::get);
  }

  private static Optional<WindowView> view(String entity, Instant window) {
    try {
      return await(node.runtime.views().find(slice(entity), new WindowKey(entity, window)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The entity's windows as its actor holds them, each equal to its view row. */
  private static List<WindowAggregate> awaitViewsMatchActor(String entity) {
    return eventually(TIMEOUT, () -> {
      try {
        List<WindowAggregate> windows = node.state(entity).windows();
        for (WindowAggregate w : windows) {
          assertEquals("window " + w.windowStart(), Optional.of(WindowValues.of(w)),
              view(entity, w.windowStart()).map(WindowView::values));
        }
        return windows;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  private static double metric(String name, int slice) {
    return node.runtime.metrics().value(name, "slice", Integer.toString(slice));
  }

  /** The window as the journal says it was after the events up to {@code seqNr}. */
  private static Optional<WindowValues> journalWindow(String entity, Instant window, long seqNr) throws Exception {
    List<JournalEntry> entries = await(journal.events(entity, 1, seqNr).runWith(Sink.seq(), node.testKit.system()));
    LedgerState state = rules.replay(LedgerState.empty(entity), entries.stream().map(JournalEntry::event).toList());
    return state.windows().stream().filter(w -> w.windowStart().equals(window)).findFirst().map(WindowValues::of);
  }

  @Test
  public void anEventRemovedFromTheTagTableIsFilledFromTheJournal() throws Exception {
    String e = entity("gap");
    int slice = slice(e);
    ProjectionId projection = WindowViewProjection.idOf(node.settings, slice);
    Instant t = Instant.now();
    node.ingest(e, List.of(record(e, "k1", t, "1")));
    awaitViewsMatchActor(e);
    double filledBefore = metric("tally_projection_gaps_filled_total", slice);
    await(ProjectionManagement.get(node.testKit.system()).pause(projection));
    try {
      IngestOutcome.Accepted second = (IngestOutcome.Accepted) node.ingest(e, List.of(record(e, "k2", t, "2"))).get(0);
      node.removeTagRow(e, second.seqNr());
    } finally {
      await(ProjectionManagement.get(node.testKit.system()).resume(projection));
    }
    // The entity's next event shows the writer the hole; no detector runs in this node.
    node.ingest(e, List.of(record(e, "k3", t.plusSeconds(1), "4")));
    awaitViewsMatchActor(e);
    Instant window = Instant.ofEpochMilli(t.toEpochMilli() / 1000 * 1000);
    assertEquals(2, view(e, window).orElseThrow().values().count());
    assertTrue(metric("tally_projection_gaps_filled_total", slice) >= filledBefore + 1);
  }

  @Test
  public void aRepairRacingTheProjectionLeavesTheRowEqualToTheEntityAndEveryCorrectionTrue() throws Exception {
    String e = entity("race");
    int slice = slice(e);
    Repairer repairer = new Repairer(new RepairPlanner(new LedgerJournalReplay(journal, rules, node.testKit.system()),
        node.runtime.views(), Clock.systemUTC()), new ReceptionistSliceRepairs(node.testKit.system(), TIMEOUT), 10);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger accepted = new AtomicInteger();
    CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
      for (int i = 0; running.get() && i < 10_000; i++) {
        try {
          if (node.ingest(e, List.of(record(e, "k" + i, Instant.now(), "1.5"))).get(0) instanceof IngestOutcome.Accepted) {
            accepted.incrementAndGet();
          }
        } catch (Exception x) {
          throw new AssertionError(x);
        }
      }
    });
    int repairs = 0;
    int applied = 0;
    Instant end = Instant.now().plus(RACE);
    try {
      while (Instant.now().isBefore(end)) {
        Instant window = Instant.ofEpochMilli(Instant.now().toEpochMilli() / 1000 * 1000);
        // Break the row behind the writer's back, then repair it while the projection writes too.
        node.cql.execute(String.format("UPDATE %s.window_views SET sum = 999 WHERE slice = %d AND window_start = %d"
            + " AND entity_key = '%s'", node.settings.keyspace(), slice, window.toEpochMilli(), e));
        if (!await(repairer.repair(new WindowKey(e, window), slice)).changesNothing()) {
          applied++;
        }
        repairs++;
      }
    } finally {
      running.set(false);
    }
    load.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertTrue("accepted " + accepted.get(), accepted.get() > 10);
    assertTrue("repairs applied " + applied + " of " + repairs, applied > 0);
    awaitViewsMatchActor(e);
    List<WindowCorrection> corrections = await(node.runtime.views().corrections(e));
    assertTrue(corrections.stream().anyMatch(c -> c.cause().equals("repair")));
    for (WindowCorrection c : corrections) {
      WindowValues truth = journalWindow(e, c.windowStart(), c.causeSeqNr()).orElse(WindowValues.EMPTY);
      assertEquals("correction " + c, List.of(truth.count(), truth.sum(), truth.digest()),
          List.of(c.after().count(), c.after().sum(), c.after().digest()));
      assertTrue("a correction changes something: " + c, !c.before().equals(c.after()));
    }
  }

  @Test
  public void aStreamReplayedFromItsStartChangesNoRow() throws Exception {
    String e = entity("replayed");
    int slice = slice(e);
    Instant t = Instant.now();
    node.ingest(e, List.of(record(e, "k1", t, "1"), record(e, "k2", t, "2")));
    node.ingest(e, List.of(record(e, "k3", t.plusSeconds(1), "4")));
    List<WindowAggregate> windows = awaitViewsMatchActor(e);
    List<Optional<WindowView>> before = windows.stream().map(w -> view(e, w.windowStart())).toList();
    double redelivered = metric("tally_projection_redelivered_total", slice);
    ProjectionId projection = WindowViewProjection.idOf(node.settings, slice);
    await(ProjectionManagement.get(node.testKit.system()).clearOffset(projection));
    eventually(TIMEOUT, () -> {
      assertTrue(metric("tally_projection_redelivered_total", slice) >= redelivered + 3);
      return null;
    });
    assertEquals(before, windows.stream().map(w -> view(e, w.windowStart())).toList());
  }
}
