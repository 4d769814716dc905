package io.tally.bench.entity;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.AskPattern;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.PersistenceTestKit;
import akka.serialization.SerializationExtension;
import io.tally.ledger.EventRecorded;
import io.tally.ledger.HashChain;
import io.tally.ledger.IngestOutcome;
import io.tally.ledger.IngestResult;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerEventHandler;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.LedgerState;
import io.tally.ledger.ProposedEvent;
import io.tally.ledger.internal.CompactKeyStore;
import io.tally.ledger.internal.EntryKind;
import io.tally.ledger.internal.KeyEntry;
import io.tally.ledger.internal.KeyFingerprint;
import java.lang.ref.Reference;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Retained heap per idempotency key and per entity. Not a test; see BENCHMARKS.md for how
 * to run it. Arguments: [keys (default 1000000)] [entities (default 10000)].
 */
public final class DedupeMemoryBenchmark {

  private static final Instant WINDOW = Instant.parse("2024-05-01T12:00:00Z");
  private static final int EVENTS_PER_ENTITY = 3;

  private DedupeMemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int entities = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    ActorTestKit testKit = ActorTestKit.create("bench", BenchConfig.withSnapshotEvery(1000));
    LedgerSettings settings = LedgerSettings.create(testKit.system().settings().config());
    try {
      keyStore("key store only", keys);
      int growth = growthPointNear(keys);
      keyStore("key store, fullest (just before growing)", growth - 1);
      keyStore("key store, emptiest (just after growing)", growth);
      LedgerState state = replayedState(settings, keys);
      snapshotSize(testKit, state, keys);
      Reference.reachabilityFence(state);
      statePerEntity(settings, entities);
      liveEntities(testKit, settings, entities);
    } finally {
      testKit.shutdownTestKit();
    }
  }

  /** The smallest size at or above {@code keys} at which the table grows. */
  private static int growthPointNear(int keys) {
    int capacity = CompactKeyStore.INITIAL_CAPACITY;
    // Grows when size + 1 > capacity * MAX_LOAD, i.e. at size floor(capacity * MAX_LOAD) + 1.
    while ((int) (capacity * CompactKeyStore.MAX_LOAD) + 1 < keys) {
      capacity = (int) Math.ceil(capacity * CompactKeyStore.GROWTH);
    }
    return (int) (capacity * CompactKeyStore.MAX_LOAD) + 1;
  }

  /** The compact key store alone, filled with {@code keys} keys. */
  private static void keyStore(String label, int keys) {
    long before = HeapUsage.afterGc();
    CompactKeyStore store = CompactKeyStore.EMPTY;
    for (int i = 1; i <= keys; i++) {
      store = store.with(KeyFingerprint.of("idem-" + i),
          new KeyEntry(i, i * 31L, EntryKind.RECORDED, BigDecimal.valueOf(i, 2), WINDOW, 0));
    }
    long after = HeapUsage.afterGc();
    report(label, keys, "key", after - before);
    Reference.reachabilityFence(store);
  }

  /** A whole entity state after {@code keys} record events (no attributes), via the handler. */
  private static LedgerState replayedState(LedgerSettings settings, int keys) {
    LedgerEventHandler handler = new LedgerEventHandler(settings);
    long before = HeapUsage.afterGc();
    LedgerState state = LedgerState.empty("hot-entity");
    for (int i = 1; i <= keys; i++) {
      state = handler.apply(state, recorded("hot-entity", i, state.lastHash()));
    }
    long after = HeapUsage.afterGc();
    report("LedgerState of one hot entity", keys, "key", after - before);
    return state;
  }

  private static void snapshotSize(ActorTestKit testKit, LedgerState state, int keys) {
    byte[] bytes = SerializationExtension.get(Adapter.toClassic(testKit.system()))
        .serialize(state).get();
    System.out.printf("%-44s %,14d bytes = %8.1f bytes/key%n",
        "snapshot (CBOR) of that state", bytes.length, (double) bytes.length / keys);
  }

  /** Many small entity states (no actors). */
  private static void statePerEntity(LedgerSettings settings, int entities) {
    LedgerEventHandler handler = new LedgerEventHandler(settings);
    long before = HeapUsage.afterGc();
    List<LedgerState> states = new ArrayList<>(entities);
    for (int e = 0; e < entities; e++) {
      String key = "acct-" + e;
      LedgerState state = LedgerState.empty(key);
      for (int i = 1; i <= EVENTS_PER_ENTITY; i++) {
        state = handler.apply(state, recorded(key, i, state.lastHash()));
      }
      states.add(state);
    }
    long after = HeapUsage.afterGc();
    report("LedgerState, " + EVENTS_PER_ENTITY + " events each", entities, "entity",
        after - before);
    Reference.reachabilityFence(states);
  }

  /** Running entity actors (Akka's per-actor and per-persistent-actor overhead included). */
  private static void liveEntities(ActorTestKit testKit, LedgerSettings settings, int entities)
      throws Exception {
    Clock clock = Clock.systemUTC();
    long before = HeapUsage.afterGc();
    List<ActorRef<LedgerEntity.Command>> refs = new ArrayList<>(entities);
    List<CompletableFuture<StatusReply<IngestResult>>> replies = new ArrayList<>(entities);
    for (int e = 0; e < entities; e++) {
      String key = "live-" + e;
      ActorRef<LedgerEntity.Command> ref = testKit.spawn(LedgerEntity.create(key, settings, clock));
      refs.add(ref);
      List<ProposedEvent> batch = new ArrayList<>();
      for (int i = 1; i <= EVENTS_PER_ENTITY; i++) {
        batch.add(ProposedEvent.record(key, "k" + i, clock.instant(), BigDecimal.ONE, "bench"));
      }
      CompletionStage<StatusReply<IngestResult>> reply = AskPattern.ask(ref,
          replyTo -> new LedgerEntity.Ingest(batch, replyTo), Duration.ofSeconds(30),
          testKit.scheduler());
      replies.add(reply.toCompletableFuture());
    }
    CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).join();
    for (CompletableFuture<StatusReply<IngestResult>> reply : replies) {
      if (reply.join().getValue().outcomes().size() != EVENTS_PER_ENTITY
          || !reply.join().getValue().outcomes().stream()
              .allMatch(outcome -> outcome instanceof IngestOutcome.Accepted)) {
        throw new IllegalStateException("not all accepted: " + reply.join());
      }
    }
    // The in-memory journal keeps every event; drop it so only the entities are measured.
    PersistenceTestKit.create(testKit.system()).clearAll();
    long after = HeapUsage.afterGc();
    report("live LedgerEntity actors, " + EVENTS_PER_ENTITY + " events each", entities, "entity",
        after - before);
    Reference.reachabilityFence(refs);
  }

  private static EventRecorded recorded(String entityKey, int i, String prevHash) {
    EventRecorded event = new EventRecorded(entityKey, "idem-" + i, WINDOW, WINDOW.plusNanos(i * 1000L),
        WINDOW, false, BigDecimal.valueOf(i, 2), Map.of(), Optional.empty(), "bench", "", "");
    return HashChain.seal(event, prevHash);
  }

  private static void report(String what, int count, String unit, long bytes) {
    System.out.printf("%-44s %,14d bytes = %8.1f bytes/%s (n=%,d)%n",
        what, bytes, (double) bytes / count, unit, count);
  }
}
