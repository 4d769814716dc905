package io.tally.projections.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What a run audits. Keys: {@code fromKey} inclusive, {@code toKey} exclusive (string order).
 * Time (ingestion instants, inclusive): every chain is still verified and replayed from seqNr 1
 * (a link needs its predecessor), but only findings about events in the range are reported, and
 * replay stops after {@code until} (so live and snapshot comparisons only apply up to it).
 * Null means unbounded.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditScope(String fromKey, String toKey, Instant since, Instant until) {

  public static final AuditScope ALL = new AuditScope(null, null, null, null);

  public AuditScope {
    if (fromKey != null && toKey != null && fromKey.compareTo(toKey) >= 0) {
      throw new IllegalArgumentException("fromKey must sort before toKey");
    }
    if (since != null && until != null && since.isAfter(until)) {
      throw new IllegalArgumentException("since must not be after until");
    }
  }

  public boolean includesKey(String key) {
    return (fromKey == null || key.compareTo(fromKey) >= 0) && (toKey == null || key.compareTo(toKey) < 0);
  }

  public boolean includesTime(Instant ingestedAt) {
    return (since == null || !ingestedAt.isBefore(since)) && (until == null || !ingestedAt.isAfter(until));
  }

  public boolean beyondUntil(Instant ingestedAt) {
    return until != null && ingestedAt.isAfter(until);
  }
}
