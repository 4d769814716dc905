package io.tally.http.ingest;

import io.tally.ledger.IngestOutcome;
import io.tally.ledger.ProposedEvent;
import java.util.Optional;

/**
 * One event of a request, by its position: either a proposed event to ingest, or already decided
 * (rejected while reading or validating it), with whatever keys could be read for the answer, and
 * its text as received for the quarantine.
 */
public record SubmittedEvent(
    long index,
    Optional<ProposedEvent> event,
    Optional<IngestOutcome.Rejected> rejected,
    String entityKey,
    String idempotencyKey,
    RawEvent raw) {

  public static SubmittedEvent toIngest(long index, ProposedEvent event, RawEvent raw) {
    return new SubmittedEvent(
        index, Optional.of(event), Optional.empty(), event.entityKey(), event.idempotencyKey(), raw);
  }

  static SubmittedEvent rejected(
      long index, IngestOutcome.Rejected rejected, String entityKey, String idempotencyKey, RawEvent raw) {
    return new SubmittedEvent(index, Optional.empty(), Optional.of(rejected), entityKey, idempotencyKey, raw);
  }
}
