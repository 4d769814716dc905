package io.tally.bench.entity;

import akka.actor.typed.ActorRef;
import io.tally.bench.BenchNode;
import io.tally.bench.report.MarkdownTable;
import io.tally.bench.report.ResultsReport;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.ProposedEvent;
import io.tally.ledger.internal.CompactKeyStore;
import io.tally.ledger.internal.EntryKind;
import io.tally.ledger.internal.KeyEntry;
import io.tally.ledger.internal.KeyFingerprint;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Retained heap per idempotency key (an entity's key store with K keys) and per live entity (E
 * entities with {@link #EVENTS_PER_ENTITY} events each, recovered from the journal and kept alive:
 * actor, persistence and state), as used-heap deltas after full collections.
 */
public final class MemorySection {

  private static final int EVENTS_PER_ENTITY = 3;

  private MemorySection() {}

  public static void run(BenchNode node, int keys, int entities, ResultsReport report) throws Exception {
    MarkdownTable table = MarkdownTable.of("what", ">count", ">retained heap (MB)", ">per item (bytes)");
    long before = HeapUsage.afterGc();
    CompactKeyStore store = keyStore(keys);
    long withKeys = HeapUsage.afterGc();
    table.row("idempotency keys in one entity's `CompactKeyStore`", store.size(), (withKeys - before) / 1e6,
        (withKeys - before) / (double) store.size());
    store = null;

    EntityIncarnations incarnations = new EntityIncarnations(node.node().system());
    LedgerSettings settings = LedgerSettings.create(node.config());
    Instant time = Instant.now();
    List<ActorRef<EntityHost.Message>> writers = new ArrayList<>();
    for (int e = 0; e < entities; e++) {
      String key = "memory-e" + e;
      ActorRef<EntityHost.Message> host = incarnations.start(key, settings);
      List<ProposedEvent> events = new ArrayList<>();
      for (int i = 0; i < EVENTS_PER_ENTITY; i++) {
        events.add(ProposedEvent.record(key, "k" + i, time, BigDecimal.ONE, "bench"));
      }
      incarnations.ingest(host, events);
      writers.add(host);
    }
    writers.forEach(incarnations::retire);
    long withoutEntities = HeapUsage.afterGc();
    List<ActorRef<EntityHost.Message>> live = new ArrayList<>();
    List<CompletableFuture<LedgerSummary>> recovered = new ArrayList<>();
    for (int e = 0; e < entities; e++) {
      ActorRef<EntityHost.Message> host = incarnations.start("memory-e" + e, settings);
      live.add(host);
      recovered.add(incarnations.state(host).toCompletableFuture());
    }
    CompletableFuture.allOf(recovered.toArray(CompletableFuture[]::new))
        .get(EntityIncarnations.ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    long withEntities = HeapUsage.afterGc();
    table.row("live recovered `LedgerEntity` actors (" + EVENTS_PER_ENTITY + " events each, with Akka's actor and "
            + "persistence overhead)", entities, (withEntities - withoutEntities) / 1e6,
        (withEntities - withoutEntities) / (double) entities);
    live.forEach(incarnations::retire);
    report.heading("Memory (used heap after full GCs, deltas; the node's other activity is noise here)");
    report.table(table);
  }

  private static CompactKeyStore keyStore(int keys) {
    CompactKeyStore store = CompactKeyStore.EMPTY;
    Instant window = Instant.parse("2026-11-21T10:15:00Z");
    for (int i = 0; i < keys; i++) {
      store = store.with(KeyFingerprint.of("payment-" + i),
          new KeyEntry(i + 1, i, EntryKind.RECORDED, BigDecimal.valueOf(i, 2), window, KeyEntry.NOT_RETRACTED));
    }
    return store;
  }
}
