package io.tally.ledger;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/** The success value of an ingest reply: one outcome per submitted event, in order. */
public record IngestResult(List<IngestOutcome> outcomes) implements LedgerSerializable {
  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  public IngestResult {
    outcomes = List.copyOf(outcomes);
  }
}
