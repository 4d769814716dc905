package io.tally.bench.entity;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.ledger.IngestPlanner;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerEvent;
import io.tally.ledger.LedgerEventHandler;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.LedgerState;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.ProposedEvent;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.AskPattern;
import akka.japi.Pair;
import akka.persistence.testkit.SnapshotMeta;
import akka.persistence.testkit.javadsl.PersistenceTestKit;
import akka.persistence.testkit.javadsl.SnapshotTestKit;

/**
 * Recovery time of one entity with many events in the in-memory journal; events and snapshots
 * are stored serialized (CBOR), so recovery pays deserialization as with a real journal. The
 * journal is pre-loaded with exactly the events the entity writes (same planner and handler),
 * because the testkit journal re-reads its whole history on every write. Not a test; see
 * BENCHMARKS.md. Arguments: [events (default 100000)] [runs (default 6, the first is cold)].
 */
public final class RecoveryBenchmark {

  private static final int BATCH = 1000;
  private static final int SNAPSHOT_EVERY = 1000;
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private RecoveryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    ActorTestKit testKit =
        ActorTestKit.create("recovery", BenchConfig.withSnapshotEvery(SNAPSHOT_EVERY));
    try {
      Config config = testKit.system().settings().config();
      // snapshot-every above the event count: Akka 2.6 would otherwise store a snapshot right
      // after a recovery that replayed at least snapshot-every events, and later runs would
      // recover from it.
      LedgerSettings neverSnapshot = LedgerSettings.create(ConfigFactory
          .parseString("tally.ledger.snapshot-every = " + Integer.MAX_VALUE).withFallback(config));
      LedgerSettings settings = LedgerSettings.create(config);
      measure(testKit, neverSnapshot, "no snapshot", events, -1, runs);
      measure(testKit, settings, "snapshot at the last event", events, events, runs);
      measure(testKit, neverSnapshot, "snapshot + " + (SNAPSHOT_EVERY - 1) + " events", events,
          events - (SNAPSHOT_EVERY - 1), runs);
    } finally {
      testKit.shutdownTestKit();
    }
  }

  private static void measure(ActorTestKit testKit, LedgerSettings settings, String label,
      int events, long snapshotAt, int runs) throws Exception {
    String key = "hot-" + label.replaceAll("[^a-z0-9]+", "-");
    preload(testKit, settings, key, events, snapshotAt);
    Clock clock = Clock.systemUTC();
    RecoveryRuns recoveries = RecoveryRuns.time(key, runs, events, () -> {
      ActorRef<LedgerEntity.Command> entity = testKit.spawn(LedgerEntity.create(key, settings, clock));
      LedgerSummary summary = AskPattern.<LedgerEntity.Command, LedgerSummary>ask(entity,
              LedgerEntity.GetState::new, TIMEOUT, testKit.scheduler())
          .toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      testKit.stop(entity);
      if (summary.retainedKeys() != events) {
        throw new IllegalStateException("recovered " + summary.retainedKeys() + " idempotency keys of " + events);
      }
      return summary;
    });
    System.out.printf("%-28s %,d events: recovery ms per run %s; first (cold JIT) %d, "
            + "median of the others %d%n",
        label, events, recoveries.all(), recoveries.first(), recoveries.warmMedian());
  }

  /**
   * Writes the journal (and a snapshot at seqNr snapshotAt, if >= 0) as the entity would. The
   * testkit journal deserializes every stored event of an entity to answer any read, so events
   * covered by the snapshot are cleared (keeping sequence numbers): only what recovery reads stays.
   */
  private static void preload(ActorTestKit testKit, LedgerSettings settings, String key,
      int events, long snapshotAt) {
    LedgerEventHandler handler = new LedgerEventHandler(settings);
    IngestPlanner planner = new IngestPlanner(settings, handler);
    PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
    String pid = LedgerEntity.persistenceId(key).id();
    List<Object> pending = new ArrayList<>();
    LedgerState state = LedgerState.empty(key);
    Instant now = Instant.now();
    for (int first = 0; first < events; first += BATCH) {
      for (LedgerEvent event :
          planner.plan(state, batch(key, first, Math.min(BATCH, events - first), now), now)
              .events()) {
        state = handler.apply(state, event);
        pending.add(event);
        if (state.lastSeqNr() == snapshotAt) {
          // Stored serialized right away, before the key store changes again.
          SnapshotTestKit.create(testKit.system()).persistForRecovery(pid,
              List.of(Pair.create(SnapshotMeta.create(snapshotAt), state)));
          journal.persistForRecovery(pid, pending);
          journal.clearByIdPreservingSeqNumbers(pid);
          pending = new ArrayList<>();
        }
      }
    }
    journal.persistForRecovery(pid, pending);
  }

  private static List<ProposedEvent> batch(String key, int first, int size, Instant now) {
    List<ProposedEvent> batch = new ArrayList<>(size);
    for (int i = first; i < first + size; i++) {
      batch.add(ProposedEvent.record(key, "idem-" + i, now, BigDecimal.valueOf(i, 2), "bench"));
    }
    return batch;
  }
}
