package io.tally.projections.statement;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a finished statement batch leaves: which source and period (from inclusive, to exclusive;
 * empty = open) it compared with the other system's file, in which form, the comparison's counts
 * by result, and how many entities and windows it kept as {@link ReconciledWindow}s.
 *
 * @param form how the other system's file was compared (the statement's form, as the batch names it)
 * @param result the comparison's counts by result name, in name order
 */
public record ReconciliationCheckpoint(
    String batchId,
    String source,
    Optional<Instant> periodFrom,
    Optional<Instant> periodTo,
    String form,
    Map<String, Long> result,
    long entities,
    long windows,
    Instant comparedAt) {

  public ReconciliationCheckpoint {
    Objects.requireNonNull(batchId, "batchId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(periodFrom, "periodFrom");
    Objects.requireNonNull(periodTo, "periodTo");
    Objects.requireNonNull(form, "form");
    Objects.requireNonNull(comparedAt, "comparedAt");
    result = Collections.unmodifiableMap(new TreeMap<>(result));
  }
}
