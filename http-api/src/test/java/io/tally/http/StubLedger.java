package io.tally.http;

import io.tally.ledger.IngestOutcome;
import io.tally.ledger.LedgerService;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.ProposedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A LedgerService for route tests: records every ingest call (entity, events) and answers each
 * event with the outcome the test chose, or fails like an ask timeout.
 */
public final class StubLedger implements LedgerService {

  public record Call(String entityKey, List<ProposedEvent> events) {}

  public final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  /** The request id each ingest call carried for the entity's log lines. */
  public final List<Optional<String>> requestIds = Collections.synchronizedList(new ArrayList<>());
  private volatile Function<ProposedEvent, IngestOutcome> outcome =
      e -> new IngestOutcome.Accepted(1, Instant.parse("2026-11-21T10:00:00Z"), Instant.parse("2026-11-21T10:00:00Z"), false);
  private volatile boolean timingOut;
  private volatile boolean hanging;
  private volatile int answeredUntil = Integer.MAX_VALUE;
  private final java.util.concurrent.atomic.AtomicInteger unansweredCalls = new java.util.concurrent.atomic.AtomicInteger();
  private volatile LedgerSummary summary;
  private volatile LedgerService delegate;

  public StubLedger answering(Function<ProposedEvent, IngestOutcome> answer) {
    this.outcome = answer;
    return this;
  }

  public StubLedger timingOut() {
    this.timingOut = true;
    return this;
  }

  /** The next {@code calls} ingest calls time out (the ask got no answer), later ones answer. */
  public StubLedger unanswered(int calls) {
    this.unansweredCalls.set(calls);
    return this;
  }

  /** Answers the next {@code calls} ingest calls; every later one times out. */
  public StubLedger answeringOnly(int calls) {
    this.answeredUntil = this.calls.size() + calls;
    return this;
  }

  /** Never answers: the request can only end by the server's own request timeout. */
  public StubLedger hanging() {
    this.hanging = true;
    return this;
  }

  /** Ingests go to {@code ledger} (e.g. a real entity), still recorded here. */
  public StubLedger delegatingTo(LedgerService ledger) {
    this.delegate = ledger;
    return this;
  }

  public StubLedger withState(LedgerSummary state) {
    this.summary = state;
    return this;
  }

  @Override
  public CompletionStage<List<IngestOutcome>> ingest(String entityKey, List<ProposedEvent> events,
      Optional<String> requestId) {
    requestIds.add(requestId);
    if (delegate != null) {
      calls.add(new Call(entityKey, List.copyOf(events)));
      return delegate.ingest(entityKey, events, requestId);
    }
    return ingest(entityKey, events);
  }

  @Override
  public CompletionStage<List<IngestOutcome>> ingest(String entityKey, List<ProposedEvent> events) {
    calls.add(new Call(entityKey, List.copyOf(events)));
    if (hanging) {
      return new CompletableFuture<>();
    }
    if (timingOut || calls.size() > answeredUntil || unansweredCalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return CompletableFuture.failedFuture(new TimeoutException("ask timed out"));
    }
    return CompletableFuture.completedFuture(events.stream().map(outcome).toList());
  }

  @Override
  public CompletionStage<LedgerSummary> state(String entityKey) {
    if (timingOut) {
      return CompletableFuture.failedFuture(new TimeoutException("ask timed out"));
    }
    return CompletableFuture.completedFuture(summary);
  }
}
