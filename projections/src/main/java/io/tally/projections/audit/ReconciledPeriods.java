package io.tally.projections.audit;

import io.tally.ledger.EventRecorded;
import io.tally.ledger.EventRetracted;
import io.tally.ledger.LedgerEvent;
import io.tally.ledger.journal.JournalEntry;
import io.tally.ledger.journal.SourceRecords;
import io.tally.ledger.journal.SourceRecords.WindowTotal;
import io.tally.projections.statement.ReconciledWindow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One entity's reconciled periods (its windows in every reconciliation checkpoint) against what
 * its journal holds of them now. The audit streams the journal through {@link #accept}, which keeps
 * only entries that can count for a checkpoint: a recorded event of a checkpoint's source in that
 * checkpoint's period, and a retraction of a kept event (a key is recorded once, and retracted
 * only after it was recorded, so nothing else changes what {@link SourceRecords} finds). {@link
 * #changes} then recomputes each checkpoint's windows with {@link SourceRecords}, the statement
 * comparison's own definition, and reports each window that differs. Memory is the entity's
 * events in reconciled periods, what the statement comparison held of it. Confined to the
 * entity's stream (hence mutable).
 */
final class ReconciledPeriods {

  /** What one batch compared of the entity: its source and period. */
  private record Period(String batchId, String source, Optional<Instant> from, Optional<Instant> to) {

    static Period of(ReconciledWindow w) {
      return new Period(w.batchId(), w.source(), w.periodFrom(), w.periodTo());
    }

    boolean includes(EventRecorded r) {
      return r.source().equals(source) && SourceRecords.inPeriod(r.eventTime(), from, to);
    }

    @Override
    public String toString() {
      return "batch " + batchId + " (source " + source + ", period [" + from.map(Instant::toString).orElse("open")
          + ", " + to.map(Instant::toString).orElse("open") + "))";
    }
  }

  private static final Comparator<Period> BY_BATCH = Comparator.comparing(Period::batchId)
      .thenComparing(Period::source)
      .thenComparing(p -> p.from().orElse(Instant.MIN))
      .thenComparing(p -> p.to().orElse(Instant.MAX));
  private static final WindowTotal NO_RECORDS = new WindowTotal(Instant.EPOCH, 0, BigDecimal.ZERO, 0);

  private final Map<Period, Map<Instant, ReconciledWindow>> checkpoints;
  private final List<JournalEntry> kept = new ArrayList<>();
  private final Set<String> keptKeys = new HashSet<>();

  private ReconciledPeriods(Map<Period, Map<Instant, ReconciledWindow>> checkpoints) {
    this.checkpoints = checkpoints;
  }

  /** The entity's windows in every checkpoint (none: nothing to check, nothing kept). */
  static ReconciledPeriods of(List<ReconciledWindow> windows) {
    Map<Period, Map<Instant, ReconciledWindow>> checkpoints = new TreeMap<>(BY_BATCH);
    for (ReconciledWindow w : windows) {
      checkpoints.computeIfAbsent(Period.of(w), p -> new TreeMap<>()).put(w.windowStart(), w);
    }
    return new ReconciledPeriods(checkpoints);
  }

  boolean isEmpty() {
    return checkpoints.isEmpty();
  }

  /** The next journal entry, in seqNr order. */
  void accept(long seqNr, LedgerEvent event) {
    if (checkpoints.isEmpty()) {
      return;
    }
    if (event instanceof EventRecorded r) {
      if (checkpoints.keySet().stream().anyMatch(p -> p.includes(r))) {
        kept.add(new JournalEntry(seqNr, r));
        keptKeys.add(r.idempotencyKey());
      }
    } else if (event instanceof EventRetracted r && keptKeys.contains(r.targetIdempotencyKey())) {
      kept.add(new JournalEntry(seqNr, r));
    }
  }

  /**
   * A finding for each checkpoint window whose count, amount or digest the journal no longer
   * gives, and for each window that now has records in a checkpoint's period but was not in it.
   */
  List<Finding> changes(String entityKey) {
    List<Finding> findings = new ArrayList<>();
    checkpoints.forEach((period, compared) -> {
      Map<Instant, WindowTotal> now =
          SourceRecords.of(kept, period.source(), period.from(), period.to()).windows();
      Set<Instant> starts = new TreeSet<>(compared.keySet());
      starts.addAll(now.keySet());
      for (Instant start : starts) {
        ReconciledWindow before = compared.get(start);
        WindowTotal after = now.getOrDefault(start, NO_RECORDS);
        if (before == null) {
          findings.add(Finding.of(entityKey, null, BreakKind.RECONCILED_PERIOD_CHANGED, period + ": window " + start
              + " was not in the checkpoint but now has records in the period: ledger now " + totals(after)));
        } else if (differs(before, after)) {
          findings.add(Finding.of(entityKey, null, BreakKind.RECONCILED_PERIOD_CHANGED, period + ": window " + start
              + " changed since it was reconciled: checkpoint "
              + totals(before.count(), before.amount(), before.digest()) + "; ledger now " + totals(after)));
        }
      }
    });
    return findings;
  }

  private static boolean differs(ReconciledWindow before, WindowTotal after) {
    return before.count() != after.count() || before.amount().compareTo(after.amount()) != 0
        || before.digest() != after.digest();
  }

  private static String totals(WindowTotal t) {
    return totals(t.count(), t.amount(), t.digest());
  }

  private static String totals(long count, BigDecimal amount, long digest) {
    return "count " + count + ", amount " + amount.toPlainString() + ", digest " + digest;
  }
}
