package io.tally.ledger;

import java.util.List;

/** The events to persist in one atomic write, and one outcome per submitted event. */
public record IngestPlan(List<LedgerEvent> events, List<IngestOutcome> outcomes) {

  public IngestPlan {
    events = List.copyOf(events);
    outcomes = List.copyOf(outcomes);
  }

  public long duplicates() {
    return outcomes.stream().filter(o -> o instanceof IngestOutcome.Duplicate).count();
  }
}
