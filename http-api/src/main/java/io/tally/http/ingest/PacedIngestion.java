package io.tally.http.ingest;

import akka.actor.typed.ActorSystem;
import akka.pattern.Patterns;
import akka.util.ByteString;
import com.fasterxml.jackson.databind.JsonNode;
import io.tally.http.RequestId;
import io.tally.http.auth.Caller;
import io.tally.http.dto.EventResult;
import io.tally.http.dto.EventStatus;
import io.tally.ledger.ContractViolation;
import io.tally.ledger.ProposedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Ingest for producers that can wait (batch files, Kafka): rows take the same contract, entity
 * commands, outcomes and quarantine as {@code POST /v1/events}, but a chunk the node's
 * entity-command admission has no room for waits and asks again instead of answering 429 (so a
 * batch yields to interactive producers), and one that finds some room goes on with as many
 * entities at once as it was given; events answered {@code unavailable} are sent again with the
 * same idempotency keys, which is safe: each is applied once.
 */
public final class PacedIngestion {

  /**
   * @param admissionRetry the wait before asking the admission again
   * @param admissionTimeout how long a chunk may wait for admission in all before it fails
   * @param unavailableRetries how many times unanswered events are sent again
   * @param unavailableBackoff the wait before each such resend
   */
  public record Pacing(Duration admissionRetry, Duration admissionTimeout, int unavailableRetries,
      Duration unavailableBackoff) {}

  /** The node was too busy for the whole admission timeout. */
  public static final class NodeBusy extends RuntimeException {
    NodeBusy(String reason) {
      super(reason, null, false, false);
    }
  }

  private final EventIngestion ingestion;
  private final EventJsonReader reader;
  private final IngestAdmission admission;
  private final Pacing pacing;
  private final ActorSystem<?> system;

  public PacedIngestion(EventIngestion ingestion, EventJsonReader reader, IngestAdmission admission, Pacing pacing,
      ActorSystem<?> system) {
    this.ingestion = ingestion;
    this.reader = reader;
    this.admission = admission;
    this.pacing = pacing;
    this.system = system;
  }

  /** One event as a JSON object, checked against the contract; {@code source} when it names none. */
  public SubmittedEvent submit(long index, JsonNode event, String source, Caller caller) {
    return ingestion.check(index, reader.event(event, source), RawEvent.element(event), caller);
  }

  /** One NDJSON line, checked against the contract; {@code source} when it names none. */
  public SubmittedEvent submitLine(long index, ByteString line, String source, Caller caller) {
    return ingestion.check(index, reader.line(line, source), RawEvent.line(line), caller);
  }

  /** An event already built (a mapped change), checked against the contract; kept as {@code raw} if refused. */
  public SubmittedEvent submit(long index, ProposedEvent event, ByteString raw, Caller caller) {
    return ingestion.check(index, new EventJsonReader.Parsed(event), RawEvent.line(raw), caller);
  }

  /** As {@link #submit(long, ProposedEvent, ByteString, Caller)}, for a change relayed from {@code origin}. */
  public SubmittedEvent submitRelayed(long index, ProposedEvent event, ByteString raw, String origin, Caller caller) {
    return ingestion.check(index, new EventJsonReader.Parsed(event), RawEvent.relayed(raw, origin), caller);
  }

  /**
   * A row refused before it reaches an entity by a rule of its own format (an unmappable change),
   * kept as received with whatever keys were worked out.
   */
  public SubmittedEvent refused(long index, ContractViolation violation, String entityKey, String idempotencyKey,
      ByteString raw) {
    return refused(index, violation, entityKey, idempotencyKey, RawEvent.line(raw));
  }

  /** As {@link #refused(long, ContractViolation, String, String, ByteString)}, for a change relayed from elsewhere. */
  public SubmittedEvent refused(long index, ContractViolation violation, String entityKey, String idempotencyKey,
      RawEvent raw) {
    return SubmittedEvent.rejected(index, violation.toOutcome(), entityKey, idempotencyKey, raw);
  }

  /** A row that could not be read as an event, kept as received. */
  public SubmittedEvent unreadable(long index, ContractViolation violation, ByteString raw) {
    return SubmittedEvent.rejected(index, violation.toOutcome(), null, null, RawEvent.line(raw));
  }

  /** {@code row} refused before it reaches an entity (a rule of the batch, not of the contract). */
  public SubmittedEvent refused(SubmittedEvent row, ContractViolation violation) {
    return SubmittedEvent.rejected(row.index(), violation.toOutcome(), row.entityKey(), row.idempotencyKey(),
        row.raw());
  }

  /** The results of {@code rows} in input order; unanswered ones retried (the last answer stays). */
  public CompletionStage<List<EventResult>> ingest(List<SubmittedEvent> rows, Caller caller, RequestId requestId) {
    return attempt(rows, caller, requestId, 0);
  }

  private CompletionStage<List<EventResult>> attempt(List<SubmittedEvent> rows, Caller caller, RequestId requestId,
      int retry) {
    long deadline = System.nanoTime() + pacing.admissionTimeout().toNanos();
    return admitted(ingestion.commandsAtOnce(rows), deadline)
        .thenCompose(permit -> ingestion.ingest(rows, caller, requestId, permit == null ? 1 : permit.entityCommands())
            .whenComplete((results, failure) -> {
              if (permit != null) {
                permit.release();
              }
            }))
        .thenCompose(results -> {
          Set<Long> unanswered = results.stream().filter(r -> r.status() == EventStatus.UNAVAILABLE)
              .map(EventResult::index).collect(Collectors.toSet());
          if (unanswered.isEmpty() || retry >= pacing.unavailableRetries()) {
            return CompletableFuture.completedFuture(results);
          }
          List<SubmittedEvent> again = rows.stream().filter(r -> unanswered.contains(r.index())).toList();
          return Patterns.after(pacing.unavailableBackoff(), system.classicSystem().scheduler(),
                  system.executionContext(), () -> attempt(again, caller, requestId, retry + 1))
              .thenApply(retried -> merged(results, retried));
        });
  }

  private static List<EventResult> merged(List<EventResult> first, List<EventResult> retried) {
    Map<Long, EventResult> byIndex = retried.stream().collect(Collectors.toMap(EventResult::index, Function.identity()));
    List<EventResult> results = new ArrayList<>(first.size());
    first.forEach(r -> results.add(byIndex.getOrDefault(r.index(), r)));
    results.sort(Comparator.comparingLong(EventResult::index));
    return results;
  }

  private CompletionStage<IngestAdmission.Permit> admitted(int commands, long deadlineNanos) {
    if (commands == 0) {
      // Every row refused by the contract: no entity is asked.
      return CompletableFuture.completedFuture(null);
    }
    IngestAdmission.Admission answer = admission.admitEntityWorkUpTo(commands);
    if (answer instanceof IngestAdmission.Admitted admitted) {
      return CompletableFuture.completedFuture(admitted.permit());
    }
    if (System.nanoTime() - deadlineNanos > 0) {
      return CompletableFuture.failedFuture(new NodeBusy("no entity-command admission within "
          + pacing.admissionTimeout() + ": " + ((IngestAdmission.Refused) answer).reason()));
    }
    return Patterns.after(pacing.admissionRetry(), system.classicSystem().scheduler(), system.executionContext(),
        () -> admitted(commands, deadlineNanos));
  }
}
