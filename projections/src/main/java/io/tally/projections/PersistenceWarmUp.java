package io.tally.projections;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.RecoveryFailed;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.SignalHandler;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Starts the journal and snapshot plugins (one throw-away recovery) before the read side opens
 * the shared Cassandra session: the plugins' keyspace auto-creation only runs when they open that
 * session first. Dev and tests only, like auto-creation itself.
 */
final class PersistenceWarmUp {

  private PersistenceWarmUp() {}

  static CompletionStage<Void> run(ActorSystem<?> system) {
    CompletableFuture<Void> recovered = new CompletableFuture<>();
    system.systemActorOf(probe(recovered), "tally-persistence-warm-up-" + UUID.randomUUID(),
        akka.actor.typed.Props.empty());
    return recovered;
  }

  private static Behavior<Object> probe(CompletableFuture<Void> recovered) {
    return Behaviors.setup(ctx -> new EventSourcedBehavior<Object, Object, Object>(
        PersistenceId.ofUniqueId("tally-warm-up-" + UUID.randomUUID())) {
      @Override
      public Object emptyState() {
        return "";
      }

      @Override
      public CommandHandler<Object, Object, Object> commandHandler() {
        // The only command is the one it sends itself once recovered: an event-sourced actor stops
        // through an effect, not through its context.
        return (state, command) -> Effect().stop();
      }

      @Override
      public EventHandler<Object, Object> eventHandler() {
        return (state, event) -> state;
      }

      @Override
      public SignalHandler<Object> signalHandler() {
        return newSignalHandlerBuilder()
            .onSignal(RecoveryCompleted.instance(), state -> {
              recovered.complete(null);
              ctx.getSelf().tell(Done.getInstance());
            })
            .onSignal(RecoveryFailed.class, (state, failed) -> recovered.completeExceptionally(failed.getFailure()))
            .build();
      }
    });
  }
}
