package io.tally.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.pattern.StatusReply;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandlerWithReply;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import akka.persistence.typed.javadsl.RetentionCriteria;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal event-sourced entity for the stack tests: records with BigDecimal and Instant go
 * through Akka's Jackson CBOR serializer into the real Cassandra journal and snapshot store.
 */
final class ProbeAccount
    extends EventSourcedBehaviorWithEnforcedReplies<
        ProbeAccount.Command, ProbeAccount.Deposited, ProbeAccount.Balance> {

  /** Bound to jackson-cbor in the tests' config. */
  interface Cbor {}

  interface Command extends Cbor {}

  record Deposit(String id, BigDecimal amount, Instant at, ActorRef<StatusReply<Balance>> replyTo)
      implements Command {}

  record GetBalance(ActorRef<Balance> replyTo) implements Command {}

  record Deposited(String id, BigDecimal amount, Instant at) implements Cbor {}

  record Balance(BigDecimal total, List<String> depositIds, Instant lastAt) implements Cbor {
    Balance {
      depositIds = List.copyOf(depositIds);
    }

    Balance plus(Deposited event) {
      List<String> ids = new ArrayList<>(depositIds);
      ids.add(event.id());
      return new Balance(total.add(event.amount()), ids, event.at());
    }
  }

  static final int SNAPSHOT_EVERY = 2;

  static Behavior<Command> create(String id) {
    return new ProbeAccount(PersistenceId.of("ProbeAccount", id));
  }

  private ProbeAccount(PersistenceId id) {
    super(
        id,
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(2), 0.1));
  }

  @Override
  public Balance emptyState() {
    return new Balance(BigDecimal.ZERO, List.of(), Instant.EPOCH);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 1);
  }

  @Override
  public CommandHandlerWithReply<Command, Deposited, Balance> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Deposit.class, (state, cmd) -> Effect()
            .persist(new Deposited(cmd.id(), cmd.amount(), cmd.at()))
            .thenReply(cmd.replyTo(), StatusReply::success))
        .onCommand(GetBalance.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .build();
  }

  @Override
  public EventHandler<Balance, Deposited> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Balance::plus);
  }
}
