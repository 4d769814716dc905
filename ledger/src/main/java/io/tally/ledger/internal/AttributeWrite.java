package io.tally.ledger.internal;

import io.tally.ledger.AttributeValue;
import java.time.Instant;

/** One write of an attribute by event {@code seqNr}; a null value is a remembered removal. */
public record AttributeWrite(Instant eventTime, long seqNr, AttributeValue value) {

  /** Last-writer-wins order: later eventTime wins; on a tie the later event. */
  boolean newerThan(AttributeWrite other) {
    int byTime = eventTime.compareTo(other.eventTime);
    return byTime != 0 ? byTime > 0 : seqNr > other.seqNr;
  }
}
