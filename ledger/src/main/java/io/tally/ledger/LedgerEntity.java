package io.tally.ledger;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.ShardingEnvelope;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.pattern.StatusReply;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.SnapshotFailed;
import akka.persistence.typed.javadsl.CommandHandlerWithReply;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import akka.persistence.typed.javadsl.ReplyEffect;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One ledger entity per entityKey, the real-time source of truth, run through Cluster Sharding
 * (entity type {@code LedgerEntity}, persistence id {@code LedgerEntity|<entityKey>}).
 *
 * <p>An {@link Ingest} carries a batch of events for this entity. They are decided in order (each
 * sees the effect of the earlier ones, see {@code IngestPlanner}) and every accepted event is
 * persisted in one atomic {@code persist(List)}: one journal round trip per batch. The reply is
 * one {@link IngestOutcome} per submitted event; {@code StatusReply.error} only when the command
 * cannot be processed at all (batch larger than max-batch-size).
 *
 * <p>Events carry one tag, {@code slice-N} ({@link Slices}). Snapshots every snapshot-every
 * events; events are never deleted (the journal is the audit record). A failed journal write
 * restarts the entity with backoff; it then recovers from the journal, so nothing that was not
 * acknowledged is remembered.
 */
public final class LedgerEntity
    extends EventSourcedBehaviorWithEnforcedReplies<LedgerEntity.Command, LedgerEvent, LedgerState> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "LedgerEntity");

  private static final String PERSISTENCE_ID_PREFIX = ENTITY_TYPE_KEY.name() + PersistenceId.DefaultSeparator();

  /** The journal's persistence id of an entity key ({@code LedgerEntity|<key>}), the one place it is built. */
  public static PersistenceId persistenceId(String entityKey) {
    return PersistenceId.of(ENTITY_TYPE_KEY.name(), entityKey);
  }

  /** The entity key of a persistence id, or empty when it is not a ledger entity's. */
  public static Optional<String> entityKeyOf(String persistenceId) {
    return persistenceId.startsWith(PERSISTENCE_ID_PREFIX)
        ? Optional.of(persistenceId.substring(PERSISTENCE_ID_PREFIX.length()))
        : Optional.empty();
  }

  /** Messages the entity accepts. */
  public sealed interface Command extends LedgerSerializable permits Ingest, GetState {}

  /**
   * Events (all for this entity) to decide and persist together. {@code requestId} correlates the
   * entity's log lines about this command with the request that sent it (the HTTP request id, or a
   * batch's or Kafka partition's); it is not persisted. Absent in commands from nodes that predate
   * it, so it must stay optional on the wire.
   */
  public record Ingest(List<ProposedEvent> events, ActorRef<StatusReply<IngestResult>> replyTo,
      Optional<String> requestId) implements Command {
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public Ingest {
      events = List.copyOf(events);
      requestId = requestId == null ? Optional.empty() : requestId;
    }

    /** A command with no request to correlate its log lines with. */
    public Ingest(List<ProposedEvent> events, ActorRef<StatusReply<IngestResult>> replyTo) {
      this(events, replyTo, Optional.empty());
    }
  }

  /** Asks for a {@link LedgerSummary}. */
  public record GetState(ActorRef<LedgerSummary> replyTo) implements Command {
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public GetState {}
  }

  private final ActorContext<Command> context;
  private final String entityKey;
  private final LedgerSettings settings;
  private final Clock clock;
  private final IngestPlanner planner;
  private final Set<String> tags;
  private final CommandLog log;
  // Akka calls commandHandler()/eventHandler() per message: build them once.
  private final CommandHandlerWithReply<Command, LedgerEvent, LedgerState> commands;
  private final EventHandler<LedgerState, LedgerEvent> events;
  /** Not durable by design (see LedgerSummary#duplicatesSeen); confined to this actor. */
  private long duplicatesSeen;

  private LedgerEntity(
      ActorContext<Command> context, String entityKey, LedgerSettings settings, Clock clock) {
    super(
        persistenceId(entityKey),
        SupervisorStrategy.restartWithBackoff(
            settings.persistFailureBackoff().min(),
            settings.persistFailureBackoff().max(),
            settings.persistFailureBackoff().randomFactor()));
    this.context = context;
    this.entityKey = entityKey;
    this.settings = settings;
    this.clock = clock;
    LedgerEventHandler handler = new LedgerEventHandler(settings);
    this.planner = new IngestPlanner(settings, handler);
    this.tags = Set.of(Slices.tagFor(entityKey, settings.slices()));
    this.log = new CommandLog(context, entityKey);
    this.commands = newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Ingest.class, this::onIngest)
        .onCommand(GetState.class, this::onGetState)
        .build();
    this.events = newEventHandlerBuilder().forAnyState().onAnyEvent(handler::apply);
  }

  /** The entity behavior, e.g. for tests; production entities come from {@link #init}. */
  public static Behavior<Command> create(String entityKey, LedgerSettings settings, Clock clock) {
    return Behaviors.setup(ctx -> new LedgerEntity(ctx, entityKey, settings, clock));
  }

  /** Registers the entity type with Cluster Sharding on this node. */
  public static ActorRef<ShardingEnvelope<Command>> init(
      ActorSystem<?> system, LedgerSettings settings, Clock clock) {
    return ClusterSharding.get(system)
        .init(Entity.of(ENTITY_TYPE_KEY, ctx -> create(ctx.getEntityId(), settings, clock)));
  }

  @Override
  public LedgerState emptyState() {
    return LedgerState.empty(entityKey);
  }

  @Override
  public CommandHandlerWithReply<Command, LedgerEvent, LedgerState> commandHandler() {
    return commands;
  }

  @Override
  public EventHandler<LedgerState, LedgerEvent> eventHandler() {
    return events;
  }

  @Override
  public Set<String> tagsFor(LedgerEvent event) {
    return tags;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), settings.snapshotsToKeep());
  }

  @Override
  public SignalHandler<LedgerState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.class, (state, signal) -> context.getLog()
            .debug("Recovered {} at seqNr {}", entityKey, state.lastSeqNr()))
        .onSignal(SnapshotFailed.class, (state, signal) -> context.getLog()
            .warn("Snapshot of {} failed; recovery replays more events", entityKey,
                signal.getFailure()))
        .build();
  }

  private ReplyEffect<LedgerEvent, LedgerState> onIngest(LedgerState state, Ingest cmd) {
    if (cmd.events().size() > settings.maxBatchSize()) {
      log.refused(cmd.requestId(), cmd.events().size(), settings.maxBatchSize());
      return Effect().reply(cmd.replyTo(), StatusReply.error("batch of " + cmd.events().size()
          + " events exceeds max-batch-size " + settings.maxBatchSize()));
    }
    IngestPlan plan = planner.plan(state, cmd.events(), clock.instant());
    duplicatesSeen += plan.duplicates();
    log.decided(cmd.requestId(), plan);
    StatusReply<IngestResult> reply = StatusReply.success(new IngestResult(plan.outcomes()));
    if (plan.events().isEmpty()) {
      return Effect().reply(cmd.replyTo(), reply);
    }
    return Effect().persist(plan.events()).thenReply(cmd.replyTo(), persisted -> reply);
  }

  private ReplyEffect<LedgerEvent, LedgerState> onGetState(LedgerState state, GetState cmd) {
    return Effect().reply(cmd.replyTo(), LedgerSummary.of(state, duplicatesSeen));
  }
}
