package io.tally.projections.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tally.ledger.journal.KeyRange;
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
    new KeyRange(fromKey, toKey); // refuses an empty key range
    if (since != null && until != null && since.isAfter(until)) {
      throw new IllegalArgumentException("since must not be after until");
    }
  }

  /** The entity keys audited. */
  public KeyRange keys() {
    return new KeyRange(fromKey, toKey);
  }

  public boolean includesTime(Instant ingestedAt) {
    return (since == null || !ingestedAt.isBefore(since)) && (until == null || !ingestedAt.isAfter(until));
  }

  public boolean beyondUntil(Instant ingestedAt) {
    return until != null && ingestedAt.isAfter(until);
  }
}
