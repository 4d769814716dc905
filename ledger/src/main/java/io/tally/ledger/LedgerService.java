package io.tally.ledger;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the HTTP layer needs from the ledger. Route tests stub it; production uses {@link
 * ShardedLedgerService}.
 */
public interface LedgerService {

  /**
   * Decides and persists a batch of events for one entity, atomically: one outcome per event, in
   * order. Completes only after the accepted events are persisted. Fails (e.g. ask timeout) when
   * the entity could not answer; then some events may still have been persisted, which is why
   * producers retry with the same idempotency keys.
   */
  CompletionStage<List<IngestOutcome>> ingest(String entityKey, List<ProposedEvent> events);

  /**
   * {@link #ingest(String, List)} on behalf of a request: the entity's log lines about the command
   * carry {@code requestId} (MDC {@code requestId}). Services that log nothing per command (stubs)
   * need not override it.
   */
  default CompletionStage<List<IngestOutcome>> ingest(
      String entityKey, List<ProposedEvent> events, Optional<String> requestId) {
    return ingest(entityKey, events);
  }

  /** The entity's current state. */
  CompletionStage<LedgerSummary> state(String entityKey);
}
