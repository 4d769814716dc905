package io.tally.http;

import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import io.tally.http.dto.EventResult;
import io.tally.ledger.IngestOutcome;

/**
 * The one place where ledger outcomes become HTTP: the per-event result and, for a single event,
 * the status code (accepted 202, duplicate 200, conflict 409, gone 410, rejected 422,
 * unavailable 503).
 */
final class EventOutcomes {

  static final String ACCEPTED = "accepted";
  static final String DUPLICATE = "duplicate";
  static final String CONFLICT = "conflict";
  static final String GONE = "gone";
  static final String REJECTED = "rejected";
  static final String UNAVAILABLE = "unavailable";

  private EventOutcomes() {}

  static EventResult result(SubmittedEvent submitted, IngestOutcome outcome) {
    long i = submitted.index();
    String entity = submitted.entityKey();
    String key = submitted.idempotencyKey();
    if (outcome instanceof IngestOutcome.Accepted a) {
      return new EventResult(i, entity, key, ACCEPTED, a.seqNr(), a.ingestedAt(), a.windowStart(), a.late(), null, null, null, null, null);
    } else if (outcome instanceof IngestOutcome.Duplicate d) {
      return new EventResult(i, entity, key, DUPLICATE, null, null, null, null, d.originalSeqNr(), null, null, null, null);
    } else if (outcome instanceof IngestOutcome.Conflict c) {
      return new EventResult(i, entity, key, CONFLICT, null, null, null, null, null, CONFLICT, c.reason(), null, null);
    } else if (outcome instanceof IngestOutcome.Gone g) {
      return new EventResult(i, entity, key, GONE, null, null, null, null, null, GONE,
          "entity '" + entity + "' was tombstoned at " + g.tombstonedAt() + " (event " + g.tombstoneSeqNr()
              + "); send a restore first", null, null);
    } else if (outcome instanceof IngestOutcome.Rejected r) {
      return new EventResult(i, entity, key, REJECTED, null, null, null, null, null, REJECTED, r.reason(), r.field().orElse(null), null);
    }
    throw new IllegalStateException("unknown ingest outcome " + outcome);
  }

  /** The ledger did not answer in time: nothing is known, the producer retries the same key. */
  static EventResult unavailable(SubmittedEvent submitted, String detail) {
    return new EventResult(submitted.index(), submitted.entityKey(), submitted.idempotencyKey(), UNAVAILABLE,
        null, null, null, null, null, UNAVAILABLE, detail, null, null);
  }

  static StatusCode statusOf(EventResult result) {
    return switch (result.status()) {
      case ACCEPTED -> StatusCodes.ACCEPTED;
      case DUPLICATE -> StatusCodes.OK;
      case CONFLICT -> StatusCodes.CONFLICT;
      case GONE -> StatusCodes.GONE;
      case REJECTED -> StatusCodes.UNPROCESSABLE_ENTITY;
      case UNAVAILABLE -> StatusCodes.SERVICE_UNAVAILABLE;
      default -> throw new IllegalStateException("unknown status " + result.status());
    };
  }
}
