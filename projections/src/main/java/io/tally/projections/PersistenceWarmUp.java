package io.tally.projections;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
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
 * session first (DESIGN.md section 11). Dev and tests only, like auto-creation itself.
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
        return (state, command) -> Effect().none();
      }

      @Override
      public EventHandler<Object, Object> eventHandler() {
        return (state, event) -> state;
      }

      @Override
      public SignalHandler<Object> signalHandler() {
        return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), state -> {
          recovered.complete(null);
          ctx.stop(ctx.getSelf());
        }).build();
      }
    });
  }
}
