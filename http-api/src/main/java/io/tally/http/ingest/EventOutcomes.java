package io.tally.http.ingest;

import io.tally.http.dto.EventResult;
import io.tally.http.dto.EventStatus;
import io.tally.ledger.IngestOutcome;

/**
 * The one place where the ledger's outcomes become the API's per-event results ({@link
 * EventStatus} maps them to statuses and HTTP codes).
 */
final class EventOutcomes {

  private EventOutcomes() {}

  static EventResult result(SubmittedEvent submitted, IngestOutcome outcome) {
    long i = submitted.index();
    String entity = submitted.entityKey();
    String key = submitted.idempotencyKey();
    EventStatus status = EventStatus.of(outcome);
    if (outcome instanceof IngestOutcome.Accepted a) {
      return EventResult.accepted(i, entity, key, a.seqNr(), a.ingestedAt(), a.windowStart(), a.late());
    } else if (outcome instanceof IngestOutcome.Duplicate d) {
      return EventResult.duplicate(i, entity, key, d.originalSeqNr());
    } else if (outcome instanceof IngestOutcome.Conflict c) {
      return EventResult.refused(i, entity, key, status, c.reason(), null);
    } else if (outcome instanceof IngestOutcome.Gone g) {
      return EventResult.refused(i, entity, key, status, "entity '" + entity + "' was tombstoned at "
          + g.tombstonedAt() + " (event " + g.tombstoneSeqNr() + "); send a restore first", null);
    }
    IngestOutcome.Rejected r = (IngestOutcome.Rejected) outcome;
    return EventResult.refused(i, entity, key, status, r.reason(), r.field().orElse(null));
  }

  /** The ledger did not answer in time: nothing is known, the producer retries the same key. */
  static EventResult unavailable(SubmittedEvent submitted, String detail) {
    return EventResult.refused(submitted.index(), submitted.entityKey(), submitted.idempotencyKey(),
        EventStatus.UNAVAILABLE, detail, null);
  }
}
