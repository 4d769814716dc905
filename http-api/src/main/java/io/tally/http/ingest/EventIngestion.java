package io.tally.http.ingest;

import akka.actor.typed.ActorSystem;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import io.tally.http.dto.EventResult;
import io.tally.http.dto.EventStatus;
import io.tally.ledger.ContractViolation;
import io.tally.ledger.EventContract;
import io.tally.ledger.IngestOutcome;
import io.tally.projections.metrics.TallyMetrics;
import io.tally.ledger.LedgerService;
import io.tally.ledger.ProposedEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import io.tally.http.RequestId;
import io.tally.http.auth.Caller;
import io.tally.http.auth.Scope;

/**
 * Ingests the events of one request: checks each against the contract, groups the valid ones by
 * entity (keeping their order), sends each entity its events as one command per batch (one
 * atomic write; batches bounded in events and bytes by {@link EntityCommands}), with a bounded
 * number of entities in flight, and answers one result per event in input order. An entity that
 * does not answer in time makes its events {@code unavailable}: they may or may not have been
 * persisted, and a retry with the same idempotency keys settles it. Refused events (conflict,
 * gone, rejected) are kept in the quarantine before the answer.
 */
public final class EventIngestion {

  private static final String NO_ANSWER =
      "the ledger did not answer in time; the event may or may not be persisted: retry with the same idempotency key";
  private static final String NOT_SENT =
      "not sent: an earlier event of this entity in the request got no answer; retry with the same idempotency key";

  private final LedgerService ledger;
  private final EventContract contract;
  private final Clock clock;
  private final int entityParallelism;
  private final EntityCommands commands;
  private final ActorSystem<?> system;
  private final TallyMetrics metrics;
  private final QuarantineIntake quarantine;
  private final CommandFeedback feedback;

  /** Told how long each entity command took, and whether it got an answer (admission adapts to it). */
  public interface CommandFeedback {
    CommandFeedback NONE = (latencyNanos, failed) -> {};

    void finished(long latencyNanos, boolean failed);
  }

  public EventIngestion(
      LedgerService ledger,
      EventContract contract,
      Clock clock,
      int entityParallelism,
      EntityCommands commands,
      ActorSystem<?> system,
      TallyMetrics metrics,
      QuarantineIntake quarantine,
      CommandFeedback feedback) {
    this.feedback = feedback;
    this.metrics = metrics;
    this.quarantine = quarantine;
    this.ledger = ledger;
    this.contract = contract;
    this.clock = clock;
    this.entityParallelism = entityParallelism;
    this.commands = commands;
    this.system = system;
  }

  /**
   * The contract check of one read event, and whether {@code caller} may write it under its
   * source; rejected events never reach an entity.
   */
  SubmittedEvent check(long index, EventJsonReader.Read read, RawEvent raw, Caller caller) {
    if (read instanceof EventJsonReader.Invalid invalid) {
      return SubmittedEvent.rejected(index, invalid.violation().toOutcome(), null, null, raw);
    }
    ProposedEvent event = ((EventJsonReader.Parsed) read).event();
    return contract
        .firstViolation(event, clock.instant())
        .or(() -> sourceViolation(event, caller))
        .map(v -> SubmittedEvent.rejected(index, v.toOutcome(), event.entityKey(), event.idempotencyKey(), raw))
        .orElseGet(() -> SubmittedEvent.toIngest(index, event, raw));
  }

  /**
   * A caller writes as itself: the source is its token's name, so that attribute ownership means
   * something. Only a relay (a gateway forwarding for producers) may name another source.
   */
  private static Optional<ContractViolation> sourceViolation(ProposedEvent event, Caller caller) {
    if (event.source().equals(caller.id()) || caller.may(Scope.RELAY)) {
      return Optional.empty();
    }
    return Optional.of(new ContractViolation(EventJsonReader.SOURCE, "relay",
        "this token writes as source '" + caller.id() + "'; naming another source ('" + event.source()
            + "') needs scope '" + Scope.RELAY.wireName() + "'"));
  }

  /** Entity commands {@link #ingest} will have in flight at once for these events. */
  int commandsAtOnce(List<SubmittedEvent> submitted) {
    long entities = submitted.stream().filter(s -> s.rejected().isEmpty()).map(SubmittedEvent::entityKey)
        .distinct().count();
    return (int) Math.min(entities, entityParallelism);
  }

  /**
   * The results in input order, refusals quarantined on behalf of {@code caller}; the entity
   * commands carry {@code requestId} into the entities' log lines.
   */
  CompletionStage<List<EventResult>> ingest(List<SubmittedEvent> submitted, Caller caller, RequestId requestId) {
    return ingest(submitted, caller, requestId, entityParallelism);
  }

  /** As {@link #ingest(List, Caller, RequestId)}, with at most {@code entitiesAtOnce} entity commands at once. */
  CompletionStage<List<EventResult>> ingest(List<SubmittedEvent> submitted, Caller caller, RequestId requestId,
      int entitiesAtOnce) {
    return results(submitted, requestId, Math.max(1, Math.min(entitiesAtOnce, entityParallelism)))
        .thenApply(this::counted)
        .thenCompose(results -> quarantine.keep(caller, submitted, results));
  }

  /** Outcome counts (the duplicate and late rates of /metrics). */
  private List<EventResult> counted(List<EventResult> results) {
    Map<String, Long> byStatus = new java.util.TreeMap<>();
    long late = 0;
    for (EventResult r : results) {
      byStatus.merge(r.status().wireName(), 1L, Long::sum);
      late += Boolean.TRUE.equals(r.late()) ? 1 : 0;
    }
    byStatus.forEach(metrics::ingested);
    if (late > 0) {
      metrics.late(late);
    }
    return results;
  }

  private CompletionStage<List<EventResult>> results(List<SubmittedEvent> submitted, RequestId requestId,
      int entitiesAtOnce) {
    List<EventResult> results = new ArrayList<>(submitted.size());
    Map<String, List<SubmittedEvent>> byEntity = new LinkedHashMap<>();
    for (SubmittedEvent s : submitted) {
      if (s.rejected().isPresent()) {
        results.add(EventOutcomes.result(s, s.rejected().get()));
      } else {
        byEntity.computeIfAbsent(s.entityKey(), k -> new ArrayList<>()).add(s);
      }
    }
    if (byEntity.isEmpty()) {
      return CompletableFuture.completedFuture(inOrder(results));
    }
    return Source.from(List.copyOf(byEntity.values()))
        .mapAsyncUnordered(entitiesAtOnce, events -> ingestEntity(events, requestId))
        .runWith(Sink.fold(results, (acc, entityResults) -> {
          acc.addAll(entityResults);
          return acc;
        }), system)
        .thenApply(EventIngestion::inOrder);
  }

  /**
   * One entity's events, in order, one command after another ({@link EntityCommands}). After a
   * command that got no answer, the entity's later events are not sent (they would overtake the
   * unknown ones); they are answered unavailable too.
   */
  private CompletionStage<List<EventResult>> ingestEntity(List<SubmittedEvent> events, RequestId requestId) {
    CompletionStage<List<EventResult>> done = CompletableFuture.completedFuture(new ArrayList<>());
    for (List<SubmittedEvent> chunk : commands.split(events)) {
      done = done.thenCompose(acc -> {
        boolean earlierUnanswered =
            acc.stream().anyMatch(r -> r.status() == EventStatus.UNAVAILABLE);
        CompletionStage<List<EventResult>> next = earlierUnanswered
            ? CompletableFuture.completedFuture(unavailable(chunk, NOT_SENT))
            : ingestChunk(chunk, requestId);
        return next.thenApply(r -> {
          acc.addAll(r);
          return acc;
        });
      });
    }
    return done;
  }

  private CompletionStage<List<EventResult>> ingestChunk(List<SubmittedEvent> chunk, RequestId requestId) {
    List<ProposedEvent> events = chunk.stream().map(s -> s.event().orElseThrow()).toList();
    long sent = System.nanoTime();
    return ledger
        .ingest(chunk.get(0).entityKey(), events, requestId.forLedger())
        .handle((outcomes, failure) -> {
          boolean unanswered = failure != null || outcomes == null || outcomes.size() != chunk.size();
          feedback.finished(System.nanoTime() - sent, unanswered);
          if (unanswered) {
            return unavailable(chunk, NO_ANSWER);
          }
          List<EventResult> results = new ArrayList<>(chunk.size());
          long gaps = 0;
          for (int i = 0; i < chunk.size(); i++) {
            IngestOutcome outcome = outcomes.get(i);
            gaps += outcome instanceof IngestOutcome.Accepted a && a.sequenceGap() ? 1 : 0;
            results.add(EventOutcomes.result(chunk.get(i), outcome));
          }
          if (gaps > 0) {
            metrics.sequenceGaps(gaps);
          }
          return results;
        });
  }

  private static List<EventResult> unavailable(List<SubmittedEvent> chunk, String detail) {
    List<EventResult> results = new ArrayList<>(chunk.size());
    chunk.forEach(s -> results.add(EventOutcomes.unavailable(s, detail)));
    return results;
  }

  private static List<EventResult> inOrder(List<EventResult> results) {
    results.sort(Comparator.comparingLong(EventResult::index));
    return results;
  }
}
