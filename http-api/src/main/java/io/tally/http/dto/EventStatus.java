package io.tally.http.dto;

import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import com.fasterxml.jackson.annotation.JsonValue;
import io.tally.ledger.IngestOutcome;

/**
 * What became of one submitted event, as the API names it, with the HTTP status a single-event
 * request answers it with. The one place where the ledger's {@link IngestOutcome}s, plus the case
 * the ledger cannot report (it did not answer in time), become statuses.
 */
public enum EventStatus {
  ACCEPTED("accepted", StatusCodes.ACCEPTED),
  DUPLICATE("duplicate", StatusCodes.OK),
  CONFLICT("conflict", StatusCodes.CONFLICT),
  GONE("gone", StatusCodes.GONE),
  REJECTED("rejected", StatusCodes.UNPROCESSABLE_ENTITY),
  /** No answer from the ledger: nothing is known; the producer retries with the same key. */
  UNAVAILABLE("unavailable", StatusCodes.SERVICE_UNAVAILABLE);

  private final String wireName;
  private final StatusCode httpStatus;

  EventStatus(String wireName, StatusCode httpStatus) {
    this.wireName = wireName;
    this.httpStatus = httpStatus;
  }

  public static EventStatus of(IngestOutcome outcome) {
    if (outcome instanceof IngestOutcome.Accepted) {
      return ACCEPTED;
    } else if (outcome instanceof IngestOutcome.Duplicate) {
      return DUPLICATE;
    } else if (outcome instanceof IngestOutcome.Conflict) {
      return CONFLICT;
    } else if (outcome instanceof IngestOutcome.Gone) {
      return GONE;
    } else if (outcome instanceof IngestOutcome.Rejected) {
      return REJECTED;
    }
    throw new IllegalStateException("unknown ingest outcome " + outcome);
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  public StatusCode httpStatus() {
    return httpStatus;
  }

  /** The event is in the journal (now or from an earlier attempt). */
  public boolean stored() {
    return this == ACCEPTED || this == DUPLICATE;
  }
}
