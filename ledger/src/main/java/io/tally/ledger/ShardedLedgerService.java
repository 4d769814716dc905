package io.tally.ledger;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link LedgerService} over Cluster Sharding, with the configured ask timeout. */
public final class ShardedLedgerService implements LedgerService {

  private final ClusterSharding sharding;
  private final Duration askTimeout;

  private ShardedLedgerService(ClusterSharding sharding, Duration askTimeout) {
    this.sharding = sharding;
    this.askTimeout = askTimeout;
  }

  /** Starts sharding of {@link LedgerEntity} on this node and returns the service. */
  public static ShardedLedgerService init(
      ActorSystem<?> system, LedgerSettings settings, Clock clock) {
    LedgerEntity.init(system, settings, clock);
    return new ShardedLedgerService(ClusterSharding.get(system), settings.askTimeout());
  }

  @Override
  public CompletionStage<List<IngestOutcome>> ingest(
      String entityKey, List<ProposedEvent> events) {
    return ingest(entityKey, events, Optional.empty());
  }

  @Override
  public CompletionStage<List<IngestOutcome>> ingest(
      String entityKey, List<ProposedEvent> events, Optional<String> requestId) {
    if (entityKey == null || entityKey.isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("entityKey is required"));
    }
    if (events.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    List<ProposedEvent> batch = List.copyOf(events);
    CompletionStage<IngestResult> result = entity(entityKey)
        .askWithStatus(replyTo -> new LedgerEntity.Ingest(batch, replyTo, requestId), askTimeout);
    return result.thenApply(IngestResult::outcomes);
  }

  @Override
  public CompletionStage<LedgerSummary> state(String entityKey) {
    return entity(entityKey).ask(LedgerEntity.GetState::new, askTimeout);
  }

  private EntityRef<LedgerEntity.Command> entity(String entityKey) {
    return sharding.entityRefFor(LedgerEntity.ENTITY_TYPE_KEY, entityKey);
  }
}
