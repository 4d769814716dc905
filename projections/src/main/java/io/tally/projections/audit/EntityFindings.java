package io.tally.projections.audit;

import java.util.List;

/**
 * What auditing one entity found: events read, the last seqNr, the findings kept and how many
 * more were dropped (bounded per entity).
 */
public record EntityFindings(
    String entityKey, long events, long lastSeqNr, List<Finding> findings, long droppedFindings) {

  public EntityFindings {
    findings = List.copyOf(findings);
  }
}
