package io.tally.projections.audit;

import akka.actor.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.pattern.Patterns;
import akka.persistence.Persistence;
import akka.persistence.SelectedSnapshot;
import akka.persistence.SnapshotProtocol;
import akka.persistence.SnapshotSelectionCriteria;
import com.typesafe.config.ConfigFactory;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerState;
import io.tally.ledger.LedgerSummary;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The latest snapshot of each entity, loaded through the configured snapshot-store plugin's own
 * protocol (so the plugin's table layout and serialization are not duplicated here). Needs only
 * the persistence plugins, no cluster.
 */
public final class SnapshotCheckpoints implements CheckpointSource {

  private final ActorRef store;
  private final Duration timeout;

  public SnapshotCheckpoints(ActorSystem<?> system, Duration timeout) {
    String pluginId = system.settings().config().getString("akka.persistence.snapshot-store.plugin");
    this.store = Persistence.get(system.classicSystem()).snapshotStoreFor(pluginId, ConfigFactory.empty());
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<Optional<Checkpoint>> load(String entityKey) {
    String persistenceId = LedgerEntity.persistenceId(entityKey).id();
    Object request = new SnapshotProtocol.LoadSnapshot(persistenceId, SnapshotSelectionCriteria.latest(), Long.MAX_VALUE);
    return Patterns.ask(store, request, timeout).thenApply(reply -> {
      if (reply instanceof SnapshotProtocol.LoadSnapshotResult result) {
        return result.snapshot().isEmpty() ? Optional.empty() : Optional.of(checkpoint(result.snapshot().get()));
      }
      if (reply instanceof SnapshotProtocol.LoadSnapshotFailed failed) {
        throw new IllegalStateException("snapshot load failed: " + failed.cause().getMessage(), failed.cause());
      }
      throw new IllegalStateException("unexpected snapshot-store reply " + reply);
    });
  }

  private static Checkpoint checkpoint(SelectedSnapshot selected) {
    if (!(selected.snapshot() instanceof LedgerState state)) {
      throw new IllegalStateException("snapshot is not a LedgerState: " + selected.snapshot().getClass().getName());
    }
    return new Checkpoint(BreakKind.SNAPSHOT_MISMATCH, "snapshot", selected.metadata().sequenceNr(),
        LedgerSummary.of(state, 0));
  }
}
