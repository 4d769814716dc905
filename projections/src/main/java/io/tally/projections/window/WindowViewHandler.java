package io.tally.projections.window;

import akka.Done;
import akka.projection.eventsourced.EventEnvelope;
import akka.projection.javadsl.Handler;
import io.tally.ledger.LedgerEvent;
import io.tally.ledger.Slices;
import io.tally.projections.metrics.TallyMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Grouped handler of one slice: folds a group of envelopes into their window rows, one
 * read-and-conditional-write per touched row (not per event), windows in parallel. Idempotent under
 * redelivery through the per-row lastSeqNr guard; safe against a concurrent repair through the
 * conditional write (a lost race re-reads the row and re-applies, the guard skipping what the
 * winner already included).
 */
public final class WindowViewHandler extends Handler<List<EventEnvelope<LedgerEvent>>> {

  private final int slice;
  private final int slices;
  private final WindowViewRepository repository;
  private final TallyMetrics metrics;
  private final Clock clock;
  private final int writeAttempts;

  public WindowViewHandler(int slice, int slices, WindowViewRepository repository, TallyMetrics metrics,
      Clock clock, int writeAttempts) {
    this.slice = slice;
    this.slices = slices;
    this.repository = repository;
    this.metrics = metrics;
    this.clock = clock;
    this.writeAttempts = writeAttempts;
  }

  @Override
  public CompletionStage<Done> process(List<EventEnvelope<LedgerEvent>> envelopes) {
    Map<WindowKey, List<WindowChange>> byRow = new LinkedHashMap<>();
    for (EventEnvelope<LedgerEvent> envelope : envelopes) {
      WindowChange.of(envelope.event(), envelope.sequenceNr())
          .ifPresent(c -> byRow.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c));
    }
    AtomicInteger applied = new AtomicInteger();
    AtomicInteger skipped = new AtomicInteger();
    // Rows of one window share a Cassandra partition (slice, window_start). Conditional (Paxos)
    // writes to one partition contend with each other, so they go one after another; distinct
    // windows go in parallel. Writing a whole group in parallel made every row of the current
    // window contend and timed out at a few hundred events/s.
    Map<Instant, List<Map.Entry<WindowKey, List<WindowChange>>>> byPartition = new LinkedHashMap<>();
    byRow.entrySet().forEach(e -> byPartition.computeIfAbsent(e.getKey().windowStart(), w -> new ArrayList<>()).add(e));
    CompletableFuture<?>[] rows = byPartition.values().stream()
        .map(partition -> {
          CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
          for (Map.Entry<WindowKey, List<WindowChange>> e : partition) {
            chain = chain.thenCompose(v -> applyRow(e.getKey(), e.getValue(), writeAttempts).thenAccept(u -> {
              applied.addAndGet(u.applied());
              skipped.addAndGet(u.skipped());
            }));
          }
          return chain.toCompletableFuture();
        })
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(rows).thenApply(ignored -> {
      Instant now = clock.instant();
      Duration last = Duration.ZERO;
      for (EventEnvelope<LedgerEvent> envelope : envelopes) {
        last = Duration.between(Instant.ofEpochMilli(envelope.timestamp()), now);
        metrics.lag(slice, last);
      }
      metrics.projected(slice, applied.get(), skipped.get(), last);
      return Done.getInstance();
    });
  }

  private CompletionStage<RowUpdate> applyRow(WindowKey key, List<WindowChange> changes, int attemptsLeft) {
    int rowSlice = Slices.of(key.entityKey(), slices);
    return repository.find(rowSlice, key).thenCompose(found -> {
      WindowView row = found.orElseGet(() -> WindowView.empty(key.entityKey(), rowSlice, key.windowStart()));
      RowUpdate update = RowUpdate.of(row, changes, clock.instant());
      if (update.applied() == 0) {
        return CompletableFuture.completedFuture(update);
      }
      RowWrite write = new RowWrite(key, rowSlice, row.lastSeqNr(), Optional.of(update.next()),
          update.corrections());
      return repository.write(write).thenCompose(written -> {
        if (written) {
          update.corrections().forEach(c -> metrics.corrected(slice));
          return CompletableFuture.completedFuture(update);
        }
        if (attemptsLeft <= 1) {
          throw new IllegalStateException("window row " + key + " kept changing under the projection");
        }
        return applyRow(key, changes, attemptsLeft - 1);
      });
    });
  }
}
