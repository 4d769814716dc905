package io.tally.http.dto;

import java.util.List;

/**
 * One line of {@code GET /v1/audit/entities/{key}/events}: the journal event and its hash-chain
 * verification ({@code chain} is {@code ok} or {@code broken}, with the problems).
 */
public record AuditedJournalEvent(long seqNr, String chain, List<Problem> problems, JournalEvent event) {

  /** kind: sequence-gap, prev-hash-mismatch or hash-mismatch. */
  public record Problem(String kind, String detail) {}
}
