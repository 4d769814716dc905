package io.tally.bench.entity;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerSettings;
import java.time.Clock;

/**
 * One incarnation of a ledger entity outside sharding, so the harness can start it (recovery
 * begins), talk to it and stop it ({@link Retire} stops the host and with it the entity).
 */
public final class EntityHost {

  public sealed interface Message {}

  public record Deliver(LedgerEntity.Command command) implements Message {}

  public enum Retire implements Message { INSTANCE }

  private EntityHost() {}

  public static Behavior<Message> create(String entityKey, LedgerSettings settings, Clock clock) {
    return Behaviors.setup(ctx -> {
      ActorRef<LedgerEntity.Command> entity = ctx.spawn(LedgerEntity.create(entityKey, settings, clock), "entity");
      return Behaviors.receive(Message.class)
          .onMessage(Deliver.class, d -> {
            entity.tell(d.command());
            return Behaviors.same();
          })
          .onMessageEquals(Retire.INSTANCE, Behaviors::stopped)
          .build();
    });
  }
}
