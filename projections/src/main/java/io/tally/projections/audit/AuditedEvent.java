package io.tally.projections.audit;

import io.tally.ledger.LedgerEvent;
import java.util.List;

/** A journal event annotated with its hash-chain verification: no problems means intact. */
public record AuditedEvent(long seqNr, LedgerEvent event, List<ChainProblem> problems) {

  public AuditedEvent {
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
