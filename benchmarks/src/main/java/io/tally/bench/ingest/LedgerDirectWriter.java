package io.tally.bench.ingest;

import akka.actor.typed.ActorSystem;
import io.tally.ledger.IngestOutcome;
import io.tally.ledger.LedgerService;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.ProposedEvent;
import io.tally.ledger.ShardedLedgerService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tally's ledger entities without HTTP: the same commands the HTTP layer sends
 * ({@link LedgerService#ingest}), so that the HTTP layer's share of Tally's cost is the difference
 * between this writer and {@link HttpIngestWriter}.
 */
public final class LedgerDirectWriter implements BatchWriter {

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);
  private static final String SOURCE = "bench";

  private final LedgerService ledger;
  private final Clock clock;

  public LedgerDirectWriter(ActorSystem<?> system, Clock clock) {
    // Sharding init is idempotent: this is the node's own ledger region.
    this.ledger = ShardedLedgerService.init(system, LedgerSettings.create(system.settings().config()), clock);
    this.clock = clock;
  }

  @Override
  public String name() {
    return "tally-direct";
  }

  @Override
  public void write(String entityKey, long firstEvent, int batchSize) throws Exception {
    Instant now = clock.instant();
    List<ProposedEvent> events = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      long event = firstEvent + i;
      events.add(ProposedEvent.record(entityKey, IngestPayload.idempotencyKey(event), now,
          IngestPayload.amount(event), SOURCE));
    }
    List<IngestOutcome> outcomes =
        ledger.ingest(entityKey, events).toCompletableFuture().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (outcomes.size() != batchSize) {
      throw new IllegalStateException("expected " + batchSize + " outcomes, got " + outcomes.size());
    }
  }
}
