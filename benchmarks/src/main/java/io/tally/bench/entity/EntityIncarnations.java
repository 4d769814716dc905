package io.tally.bench.entity;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.pattern.StatusReply;
import io.tally.ledger.IngestResult;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.ProposedEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Starts, asks and stops ledger entity incarnations in a node's actor system. */
public final class EntityIncarnations {

  public static final Duration ASK_TIMEOUT = Duration.ofMinutes(2);

  private final ActorSystem<?> system;
  private final Clock clock = Clock.systemUTC();
  private final AtomicLong names = new AtomicLong();

  public EntityIncarnations(ActorSystem<?> system) {
    this.system = system;
  }

  public ActorRef<EntityHost.Message> start(String entityKey, LedgerSettings settings) {
    return system.systemActorOf(EntityHost.create(entityKey, settings, clock),
        "bench-entity-" + names.incrementAndGet(), Props.empty());
  }

  public IngestResult ingest(ActorRef<EntityHost.Message> host, List<ProposedEvent> events) throws Exception {
    CompletionStage<StatusReply<IngestResult>> reply = AskPattern.ask(host,
        r -> new EntityHost.Deliver(new LedgerEntity.Ingest(events, r)), ASK_TIMEOUT, system.scheduler());
    return reply.toCompletableFuture().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).getValue();
  }

  public CompletionStage<LedgerSummary> state(ActorRef<EntityHost.Message> host) {
    return AskPattern.ask(host, r -> new EntityHost.Deliver(new LedgerEntity.GetState(r)), ASK_TIMEOUT,
        system.scheduler());
  }

  public void retire(ActorRef<EntityHost.Message> host) {
    host.tell(EntityHost.Retire.INSTANCE);
  }
}
