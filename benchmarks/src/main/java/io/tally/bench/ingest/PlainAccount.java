package io.tally.bench.ingest;

import akka.actor.typed.ActorRef;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.pattern.StatusReply;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandlerWithReply;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import akka.persistence.typed.javadsl.ReplyEffect;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The plain-Akka baseline: an event-sourced account with none of Tally's rules (no contract, no
 * dedupe, no hash chain, no windows). It persists what it is given, tagged like Tally
 * ({@code slice-N}), on the same journal and serializer, and keeps only a balance.
 */
public final class PlainAccount
    extends EventSourcedBehaviorWithEnforcedReplies<PlainAccount.Command, PlainAccount.Deposited, BigDecimal> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY = EntityTypeKey.create(Command.class, "PlainAccount");

  public interface Command {}

  /** Persists one {@link Deposited} per amount, atomically, then acknowledges. */
  public record Deposit(List<Deposited> events, ActorRef<StatusReply<Long>> replyTo) implements Command {}

  public record Deposited(String entityKey, String idempotencyKey, Instant eventTime, BigDecimal amount)
      implements PlainSerializable {}

  private final Set<String> tags;

  private PlainAccount(String entityKey, String tag) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), entityKey));
    this.tags = Set.of(tag);
  }

  public static PlainAccount create(String entityKey, String tag) {
    return new PlainAccount(entityKey, tag);
  }

  @Override
  public BigDecimal emptyState() {
    return BigDecimal.ZERO;
  }

  @Override
  public CommandHandlerWithReply<Command, Deposited, BigDecimal> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Deposit.class, this::onDeposit)
        .build();
  }

  private ReplyEffect<Deposited, BigDecimal> onDeposit(Deposit deposit) {
    return Effect().persist(deposit.events())
        .thenReply(deposit.replyTo(), balance -> StatusReply.success((long) deposit.events().size()));
  }

  @Override
  public EventHandler<BigDecimal, Deposited> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(Deposited.class, (balance, e) -> balance.add(e.amount()))
        .build();
  }

  @Override
  public Set<String> tagsFor(Deposited event) {
    return tags;
  }
}
