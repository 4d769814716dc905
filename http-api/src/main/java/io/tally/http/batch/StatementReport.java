package io.tally.http.batch;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a statement batch's comparison is and what it found: counts by {@link DifferenceKind}
 * (all of them, also beyond the differences kept), entities compared, each side's total amount.
 */
public record StatementReport(String batchId, StatementForm form, Phase phase, long entitiesCompared,
    Map<String, Long> counts, BigDecimal statementAmount, BigDecimal ledgerAmount, long differencesKept,
    Optional<Instant> comparedAt) {

  /** Reading the file (rows are kept per entity), comparing entity by entity, or done. */
  public enum Phase {
    READING,
    COMPARING,
    DONE;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public StatementReport {
    counts = Map.copyOf(counts);
  }

  static StatementReport reading(String batchId, StatementForm form) {
    return new StatementReport(batchId, form, Phase.READING, 0, Map.of(), BigDecimal.ZERO, BigDecimal.ZERO, 0,
        Optional.empty());
  }

  StatementReport comparing() {
    return new StatementReport(batchId, form, Phase.COMPARING, 0, Map.of(), BigDecimal.ZERO, BigDecimal.ZERO, 0,
        Optional.empty());
  }

  /** Every count, also the kinds with none, in a fixed order. */
  public Map<String, Long> allCounts() {
    Map<String, Long> all = new TreeMap<>();
    for (DifferenceKind kind : DifferenceKind.values()) {
      all.put(kind.wireName(), counts.getOrDefault(kind.wireName(), 0L));
    }
    return all;
  }

  /** Whether statement and ledger agree on everything compared. */
  public boolean reconciled() {
    return phase == Phase.DONE && allCounts().entrySet().stream()
        .allMatch(c -> c.getKey().equals(DifferenceKind.MATCHED.wireName()) || c.getValue() == 0);
  }
}
