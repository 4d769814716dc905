package io.tally.http.batch;

import io.tally.ledger.journal.SourceRecords;
import io.tally.ledger.journal.SourceRecords.Recorded;
import io.tally.ledger.journal.SourceRecords.WindowTotal;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Compares one entity's rows of a statement with what the ledger holds of the statement's source
 * in its period ({@link SourceRecords}). Records are matched by idempotency key, totals by window;
 * a row repeating an earlier row's key or window is a {@code duplicate_in_statement} and is not
 * compared again.
 */
final class StatementComparison {

  /**
   * What one entity's comparison found: counts by kind, the differences, both sides' amounts, and
   * the ledger's windows as compared (with an empty window for each the statement has and the
   * ledger has not), which the reconciliation checkpoint keeps.
   */
  record EntityResult(Map<DifferenceKind, Long> counts, List<StatementDifference> differences,
      BigDecimal statementAmount, BigDecimal ledgerAmount, List<WindowTotal> windows) {}

  private StatementComparison() {}

  static EntityResult compare(StatementForm form, String entityKey, List<StatementRow> rows, SourceRecords ledger) {
    return form == StatementForm.RECORDS ? records(entityKey, rows, ledger) : totals(entityKey, rows, ledger);
  }

  private static EntityResult records(String entityKey, List<StatementRow> rows, SourceRecords ledger) {
    Outcome out = new Outcome(entityKey);
    Map<String, Long> firstLine = new HashMap<>();
    Map<Instant, WindowTotal> windows = new TreeMap<>(ledger.windows());
    for (StatementRow row : rows) {
      StatementRow.Record r = (StatementRow.Record) row;
      if (out.duplicate(r, firstLine)) {
        continue;
      }
      out.statementAmount = out.statementAmount.add(r.amount());
      windows.putIfAbsent(r.windowStart(), new WindowTotal(r.windowStart(), 0, BigDecimal.ZERO, 0));
      Recorded mine = ledger.inScope().get(r.idempotencyKey());
      if (mine != null) {
        if (mine.amount().compareTo(r.amount()) != 0) {
          out.mismatch(r, mine, "amount", "amount " + r.amount() + " in the statement, " + mine.amount()
              + " in the ledger");
        } else if (!mine.windowStart().equals(r.windowStart())) {
          out.mismatch(r, mine, "window", "eventTime " + r.eventTime() + " (window " + r.windowStart()
              + ") in the statement, " + mine.eventTime() + " (window " + mine.windowStart() + ") in the ledger");
        } else {
          out.count(DifferenceKind.MATCHED);
        }
        continue;
      }
      Optional<SourceRecords.OutOfScope> why = ledger.outOfScope(r.idempotencyKey());
      if (why.isEmpty()) {
        out.missingInTally(r, "no event with this idempotency key in the entity's journal");
        continue;
      }
      Recorded other = ledger.outOfScopeRecord(r.idempotencyKey()).orElseThrow();
      switch (why.get()) {
        case RETRACTED -> out.missingInTally(r, "recorded at journal seqNr " + other.seqNr() + " and then retracted");
        case OTHER_SOURCE -> out.mismatch(r, other, "source", "recorded by source '" + other.source()
            + "', not by the statement's source");
        case OUTSIDE_PERIOD -> out.mismatch(r, other, "window", "recorded with eventTime " + other.eventTime()
            + ", outside the statement's period");
        default -> throw new IllegalStateException("unknown reason " + why.get());
      }
    }
    for (Recorded mine : ledger.inScope().values()) {
      if (!firstLine.containsKey(mine.idempotencyKey())) {
        out.add(new StatementDifference(DifferenceKind.MISSING_IN_STATEMENT, entityKey, mine.idempotencyKey(),
            Optional.of(mine.windowStart()), 0, Optional.empty(), Optional.of(mine.amount()), Optional.empty(),
            Optional.empty(), Optional.empty(), "recorded at journal seqNr " + mine.seqNr() + " with eventTime "
            + mine.eventTime() + "; not in the statement", Optional.empty()));
      }
      out.ledgerAmount = out.ledgerAmount.add(mine.amount());
    }
    return out.result(windows);
  }

  private static EntityResult totals(String entityKey, List<StatementRow> rows, SourceRecords ledger) {
    Outcome out = new Outcome(entityKey);
    Map<String, Long> firstLine = new HashMap<>();
    Map<Instant, WindowTotal> ledgerWindows = ledger.windows();
    Map<Instant, WindowTotal> windows = new TreeMap<>(ledgerWindows);
    for (StatementRow row : rows) {
      StatementRow.Total t = (StatementRow.Total) row;
      if (out.duplicate(t, firstLine)) {
        continue;
      }
      out.statementAmount = out.statementAmount.add(t.amount());
      WindowTotal mine = ledgerWindows.get(t.windowStart());
      if (mine == null) {
        windows.put(t.windowStart(), new WindowTotal(t.windowStart(), 0, BigDecimal.ZERO, 0));
        if (t.count() == 0 && t.amount().signum() == 0) {
          out.count(DifferenceKind.MATCHED);
        } else {
          out.add(total(DifferenceKind.MISSING_IN_TALLY, entityKey, t, Optional.of(0L), Optional.of(BigDecimal.ZERO),
              Optional.empty(), "the ledger has no events of the source in this window"));
        }
      } else if (mine.count() != t.count() || mine.amount().compareTo(t.amount()) != 0) {
        String field = mine.count() != t.count() ? "count" : "amount";
        out.add(total(DifferenceKind.MISMATCH, entityKey, t, Optional.of(mine.count()), Optional.of(mine.amount()),
            Optional.of(field), "count " + t.count() + " and amount " + t.amount() + " in the statement, count "
                + mine.count() + " and amount " + mine.amount() + " in the ledger"));
      } else {
        out.count(DifferenceKind.MATCHED);
      }
    }
    for (WindowTotal mine : ledgerWindows.values()) {
      if (!firstLine.containsKey(mine.windowStart().toString())) {
        out.add(new StatementDifference(DifferenceKind.MISSING_IN_STATEMENT, entityKey, mine.windowStart().toString(),
            Optional.of(mine.windowStart()), 0, Optional.empty(), Optional.of(mine.amount()), Optional.empty(),
            Optional.of(mine.count()), Optional.empty(), "the ledger has " + mine.count()
            + " events of the source in this window; the statement has no row for it", Optional.empty()));
      }
      out.ledgerAmount = out.ledgerAmount.add(mine.amount());
    }
    return out.result(windows);
  }

  private static StatementDifference total(DifferenceKind kind, String entityKey, StatementRow.Total t,
      Optional<Long> ledgerCount, Optional<BigDecimal> ledgerAmount, Optional<String> field, String detail) {
    return new StatementDifference(kind, entityKey, t.item(), Optional.of(t.windowStart()), t.line(),
        Optional.of(t.amount()), ledgerAmount, Optional.of(t.count()), ledgerCount, field, detail, Optional.empty());
  }

  /** What the comparison of one entity has found so far. */
  private static final class Outcome {
    private final String entityKey;
    private final Map<DifferenceKind, Long> counts = new EnumMap<>(DifferenceKind.class);
    private final List<StatementDifference> differences = new ArrayList<>();
    private BigDecimal statementAmount = BigDecimal.ZERO;
    private BigDecimal ledgerAmount = BigDecimal.ZERO;

    Outcome(String entityKey) {
      this.entityKey = entityKey;
    }

    void count(DifferenceKind kind) {
      counts.merge(kind, 1L, Long::sum);
    }

    void add(StatementDifference difference) {
      count(difference.kind());
      differences.add(difference);
    }

    /** Whether the row repeats an earlier row's item (then it is kept as a duplicate); remembers it if not. */
    boolean duplicate(StatementRow row, Map<String, Long> firstLine) {
      Long first = firstLine.putIfAbsent(row.item(), row.line());
      if (first == null) {
        return false;
      }
      Optional<Instant> window = row instanceof StatementRow.Total t ? Optional.of(t.windowStart())
          : Optional.of(((StatementRow.Record) row).windowStart());
      add(new StatementDifference(DifferenceKind.DUPLICATE_IN_STATEMENT, entityKey, row.item(), window, row.line(),
          Optional.of(row.amount()), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          "line " + row.line() + " repeats line " + first + " of the statement", Optional.empty()));
      return true;
    }

    void missingInTally(StatementRow.Record r, String detail) {
      add(new StatementDifference(DifferenceKind.MISSING_IN_TALLY, entityKey, r.idempotencyKey(),
          Optional.of(r.windowStart()), r.line(), Optional.of(r.amount()), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), detail, Optional.of(r.event())));
    }

    void mismatch(StatementRow.Record r, Recorded mine, String field, String detail) {
      add(new StatementDifference(DifferenceKind.MISMATCH, entityKey, r.idempotencyKey(), Optional.of(r.windowStart()),
          r.line(), Optional.of(r.amount()), Optional.of(mine.amount()), Optional.empty(), Optional.empty(),
          Optional.of(field), detail, Optional.empty()));
    }

    EntityResult result(Map<Instant, WindowTotal> windows) {
      return new EntityResult(counts, differences, statementAmount, ledgerAmount, List.copyOf(windows.values()));
    }
  }
}
