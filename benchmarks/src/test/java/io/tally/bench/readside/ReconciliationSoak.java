package io.tally.bench.readside;

import static io.tally.projections.ReadSideNode.TIMEOUT;
import static io.tally.projections.ReadSideNode.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.projection.javadsl.ProjectionManagement;
import io.tally.ledger.IngestOutcome;
import io.tally.ledger.ProposedEvent;
import io.tally.projections.ReadSideNode;
import io.tally.projections.drift.DriftReport;
import io.tally.projections.window.WindowViewProjection;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Rule;
import org.junit.Test;

/**
 * Not part of {@code verify} (a soak): legitimate traffic of every kind — on-time events, late
 * events, retractions of events in closed windows, duplicates — into the same entities for
 * {@code -Dsoak.minutes} (default 10), with a slice's projection restarted every minute and the
 * detector running every second. No discrepancy may be recorded. Run on demand:
 * {@code mvn -B -pl projections -am verify -Dit.test=ReconciliationSoak -Dtest=NoSuch
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}.
 */
public class ReconciliationSoak {

  private static final Duration SOAK = Duration.ofMinutes(Integer.getInteger("soak.minutes", 10));
  private static final int ENTITIES = 200;
  private static final int EVENTS_PER_COMMAND = 10;
  private static final int COMMANDS_PER_SECOND = 25;
  private static final int IN_FLIGHT = 32;
  /** Every so many commands: a late event, a retraction, a duplicate of an earlier command. */
  private static final int LATE_EVERY = 7;
  private static final int RETRACT_EVERY = 11;
  private static final int DUPLICATE_EVERY = 13;
  private static final Duration LATE_BY = Duration.ofSeconds(5);
  private static final Duration RESTART_EVERY = Duration.ofMinutes(1);
  private static final int SLICES = 2;

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  private final Map<String, String> outcomes = new ConcurrentHashMap<>();
  private final AtomicLong commands = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
  /** Per entity, the last command sent (re-sent as a duplicate). */
  private final Map<String, List<ProposedEvent>> lastCommand = new ConcurrentHashMap<>();

  @Test
  public void legitimateTrafficOfEveryKindRaisesNoDiscrepancy() throws Exception {
    try (ReadSideNode node = ReadSideNode.start("reconciliation-soak", ReadSideNode.config(ReconciliationSoak.class,
        "tally.projections.drift.interval = 1s\n"
            + "tally.projections.drift.recheck-delay = 1s\n"
            + "tally.projections.drift.lookback = 5m\n"
            + "tally.ledger.slices = " + SLICES + "\n"
            + "akka.loglevel = WARNING\n"))) {
      ScheduledExecutorService load = Executors.newScheduledThreadPool(1);
      Instant start = Instant.now();
      load.scheduleAtFixedRate(() -> sendOne(node), 0, 1_000_000 / COMMANDS_PER_SECOND, TimeUnit.MICROSECONDS);
      int restarts = 0;
      Instant nextRestart = start.plus(RESTART_EVERY);
      while (Instant.now().isBefore(start.plus(SOAK))) {
        Instant until = nextRestart.isBefore(start.plus(SOAK)) ? nextRestart : start.plus(SOAK);
        node.awaitClock(until);
        if (!Instant.now().isBefore(nextRestart)) {
          var projection = WindowViewProjection.idOf(node.settings, restarts % SLICES);
          await(ProjectionManagement.get(node.testKit.system()).pause(projection));
          await(ProjectionManagement.get(node.testKit.system()).resume(projection));
          restarts++;
          nextRestart = nextRestart.plus(RESTART_EVERY);
        }
      }
      load.shutdownNow();
      assertTrue(load.awaitTermination(10, TimeUnit.SECONDS));
      assertTrue(inFlight.tryAcquire(IN_FLIGHT, TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      // Everything settled (window + lateness + settle-time + re-check), then one last run.
      node.awaitClock(Instant.now().plusSeconds(1 + 1 + 2 + 2));
      DriftReport last = await(node.runtime.reconciliation().runNow("on-demand", "soak", false)).orElseThrow();
      Map<String, Long> byOutcome = new java.util.TreeMap<>();
      outcomes.values().forEach(o -> byOutcome.merge(o, 1L, Long::sum));
      System.out.printf(Locale.ROOT, "tally-soak: %d min, %d commands (%d failed), outcomes by idempotency key %s,"
              + " %d projection restarts, detector runs %.0f; last run: %d entities, %d slice-windows,"
              + " %d discrepancies; discrepancies recorded over the soak: %d%n",
          SOAK.toMinutes(), commands.get(), failures.get(), byOutcome, restarts,
          node.runtime.metrics().value("tally_detector_runs_total", "outcome", "completed"),
          last.entitiesChecked(), last.sliceWindowsChecked(), last.discrepancies().size(),
          await(node.runtime.reconciliation().discrepancies(1000)).size());
      assertEquals(List.of(), last.discrepancies());
      assertEquals(List.of(), await(node.runtime.reconciliation().discrepancies(1000)));
      assertEquals(0, failures.get());
    }
  }

  private void sendOne(ReadSideNode node) {
    if (!inFlight.tryAcquire()) {
      return;
    }
    long n = commands.getAndIncrement();
    String e = "soak-" + (n % ENTITIES);
    List<ProposedEvent> events = new ArrayList<>();
    if (n % DUPLICATE_EVERY == 0 && lastCommand.containsKey(e)) {
      events.addAll(lastCommand.get(e));
    } else {
      Instant now = Instant.now();
      for (int i = 0; i < EVENTS_PER_COMMAND; i++) {
        events.add(ProposedEvent.record(e, "c" + n + "-" + i, now, new BigDecimal("1.25"), "soak"));
      }
      if (n % LATE_EVERY == 0) {
        events.add(ProposedEvent.record(e, "late-" + n, now.minus(LATE_BY), BigDecimal.TEN, "soak"));
      }
      List<ProposedEvent> previous = lastCommand.get(e);
      if (n % RETRACT_EVERY == 0 && previous != null) {
        events.add(ProposedEvent.retract(e, "r-" + n, now, previous.get(0).idempotencyKey(), "soak"));
      }
      lastCommand.put(e, List.copyOf(events));
    }
    node.ledger.ingest(e, events).whenComplete((result, error) -> {
      inFlight.release();
      if (error != null) {
        failures.incrementAndGet();
        return;
      }
      for (int i = 0; i < result.size(); i++) {
        IngestOutcome o = result.get(i);
        String kind = o instanceof IngestOutcome.Accepted a ? (a.late() ? "accepted-late" : "accepted")
            : o.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        outcomes.merge(events.get(i).idempotencyKey(), kind, (was, now) -> was + "," + now);
      }
    });
  }
}
