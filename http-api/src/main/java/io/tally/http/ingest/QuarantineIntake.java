package io.tally.http.ingest;

import akka.actor.typed.ActorSystem;
import akka.japi.Pair;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.fasterxml.jackson.databind.JsonNode;
import io.tally.http.dto.EventResult;
import io.tally.http.quarantine.Quarantine;
import io.tally.http.quarantine.QuarantineEntry;
import io.tally.http.quarantine.QuarantineSettings;
import io.tally.projections.metrics.TallyMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import io.tally.http.auth.Caller;
import io.tally.http.logging.ThrottledWarning;

/**
 * Keeps a request's refused events (conflict, gone, rejected) in the quarantine before the answer
 * goes out, so that a result carrying {@code quarantineId} names a written entry. Writes run
 * {@code write-parallelism} at a time per request, each bounded by {@code write-timeout}; a write
 * that fails is counted and logged (throttled) and its result goes out without an id: the
 * quarantine never fails an ingest answer. A request without refusals costs one pass over its
 * results.
 */
public final class QuarantineIntake {

  private final Quarantine quarantine;
  private final QuarantineSettings settings;
  private final EventJsonReader reader;
  private final TallyMetrics metrics;
  private final ActorSystem<?> system;
  private final ThrottledWarning failures;

  public QuarantineIntake(Quarantine quarantine, QuarantineSettings settings, EventJsonReader reader, TallyMetrics metrics,
      ActorSystem<?> system) {
    this.quarantine = quarantine;
    this.settings = settings;
    this.reader = reader;
    this.metrics = metrics;
    this.system = system;
    this.failures = new ThrottledWarning(LoggerFactory.getLogger(QuarantineIntake.class), settings.failureLogInterval());
  }

  /** The results, with {@code quarantineId} set on each refusal whose entry was written. */
  CompletionStage<List<EventResult>> keep(Caller caller, List<SubmittedEvent> submitted, List<EventResult> results) {
    List<Integer> refused = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      if (Rejection.of(results.get(i)).isPresent()) {
        refused.add(i);
      }
    }
    if (refused.isEmpty()) {
      return CompletableFuture.completedFuture(results);
    }
    Map<Long, SubmittedEvent> byIndex = new HashMap<>();
    submitted.forEach(s -> byIndex.put(s.index(), s));
    return Source.from(refused)
        .mapAsync(settings.writeParallelism(), i -> write(caller, byIndex.get(results.get(i).index()), results.get(i))
            .thenApply(id -> Pair.create(i, id)))
        .runWith(Sink.seq(), system)
        .thenApply(written -> {
          List<EventResult> kept = new ArrayList<>(results);
          written.forEach(w -> w.second().ifPresent(id -> kept.set(w.first(), results.get(w.first()).withQuarantineId(id))));
          return kept;
        });
  }

  private CompletionStage<Optional<UUID>> write(Caller caller, SubmittedEvent submitted, EventResult result) {
    long started = System.nanoTime();
    QuarantineEntry entry;
    CompletableFuture<?> written;
    try {
      entry = entry(caller, submitted, result);
      written = quarantine.put(entry).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(failed(result, e));
    }
    return written
        .thenApply(done -> Optional.of(entry.id()))
        .orTimeout(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle((id, failure) -> {
          if (failure != null) {
            return failed(result, failure);
          }
          metrics.quarantined(entry.reason(), Duration.ofNanos(System.nanoTime() - started));
          return id;
        });
  }

  private Optional<UUID> failed(EventResult result, Throwable failure) {
    metrics.quarantineWriteFailed();
    failures.warn("Could not write rejected event " + result.index() + " (" + result.status().wireName()
        + ") to the quarantine; its answer carries no quarantineId", failure);
    return Optional.empty();
  }

  private QuarantineEntry entry(Caller caller, SubmittedEvent submitted, EventResult result) {
    Rejection rejection = Rejection.of(result).orElseThrow();
    UUID id = Uuids.timeBased();
    // Keys the reader could not take (it stopped at an earlier problem) are read from the text.
    Optional<JsonNode> tree = result.entityKey() == null || result.idempotencyKey() == null
        ? submitted.raw().tree(reader)
        : Optional.empty();
    return new QuarantineEntry(
        id,
        Instant.ofEpochMilli(Uuids.unixTimestamp(id)),
        Optional.ofNullable(result.entityKey()).or(() -> textField(tree, EventJsonReader.ENTITY_KEY)),
        Optional.ofNullable(result.idempotencyKey()).or(() -> textField(tree, EventJsonReader.IDEMPOTENCY_KEY)),
        rejection.reason(),
        rejection.field(),
        submitted.raw().origin().map(from -> result.detail() + " (" + from + ")").orElse(result.detail()),
        submitted.raw().text(settings.maxRawBytes()),
        caller.id(),
        result.index(),
        Optional.empty());
  }

  /** A top-level text field of the event, when it is an object holding one. */
  private static Optional<String> textField(Optional<JsonNode> tree, String name) {
    return tree.filter(JsonNode::isObject).map(t -> t.get(name)).filter(JsonNode::isTextual).map(JsonNode::textValue);
  }
}
