package io.tally.ledger.journal;

import io.tally.ledger.EventRecorded;
import io.tally.ledger.EventRetracted;
import io.tally.ledger.LedgerEvent;
import io.tally.ledger.WindowDigest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one entity's journal holds of one source in one period (event time from inclusive, to
 * exclusive; either end open): its recorded events that are not retracted, by idempotency key.
 * This is the ledger's side of a statement comparison and of the check that a reconciled period
 * has not changed since. Every recorded key of the entity is remembered with why it is out of
 * scope (another source, outside the period, retracted), so a comparison can say why a key the
 * other system holds is not counted.
 */
public final class SourceRecords {

  /** Why a recorded key of the entity does not count for the source and period. */
  public enum OutOfScope {
    OTHER_SOURCE,
    OUTSIDE_PERIOD,
    RETRACTED
  }

  /** One recorded event: its time, window, amount (zero when it had none) and source. */
  public record Recorded(String idempotencyKey, Instant eventTime, Instant windowStart, BigDecimal amount,
      String source, long seqNr) {}

  /** One window's records of the source: how many, their sum, and the digest of their keys. */
  public record WindowTotal(Instant windowStart, long count, BigDecimal amount, long digest) {}

  private final Map<String, Recorded> inScope;
  private final Map<String, Recorded> outOfScopeRecords;
  private final Map<String, OutOfScope> outOfScope;

  private SourceRecords(Map<String, Recorded> inScope, Map<String, Recorded> outOfScopeRecords,
      Map<String, OutOfScope> outOfScope) {
    this.inScope = Collections.unmodifiableMap(inScope);
    this.outOfScopeRecords = Collections.unmodifiableMap(outOfScopeRecords);
    this.outOfScope = Collections.unmodifiableMap(outOfScope);
  }

  /** Folds an entity's journal (in seqNr order) for {@code source} and the period. */
  public static SourceRecords of(Iterable<JournalEntry> journal, String source, Optional<Instant> from,
      Optional<Instant> to) {
    Map<String, Recorded> recorded = new LinkedHashMap<>();
    Map<String, Boolean> retracted = new HashMap<>();
    for (JournalEntry entry : journal) {
      LedgerEvent event = entry.event();
      if (event instanceof EventRecorded r) {
        recorded.put(r.idempotencyKey(), new Recorded(r.idempotencyKey(), r.eventTime(), r.windowStart(),
            r.amount() == null ? BigDecimal.ZERO : r.amount(), r.source(), entry.seqNr()));
      } else if (event instanceof EventRetracted r) {
        retracted.put(r.targetIdempotencyKey(), Boolean.TRUE);
      }
    }
    Map<String, Recorded> inScope = new LinkedHashMap<>();
    Map<String, Recorded> others = new HashMap<>();
    Map<String, OutOfScope> why = new HashMap<>();
    for (Recorded r : recorded.values()) {
      Optional<OutOfScope> reason = !r.source().equals(source) ? Optional.of(OutOfScope.OTHER_SOURCE)
          : !inPeriod(r.eventTime(), from, to) ? Optional.of(OutOfScope.OUTSIDE_PERIOD)
          : retracted.containsKey(r.idempotencyKey()) ? Optional.of(OutOfScope.RETRACTED)
          : Optional.empty();
      if (reason.isEmpty()) {
        inScope.put(r.idempotencyKey(), r);
      } else {
        others.put(r.idempotencyKey(), r);
        why.put(r.idempotencyKey(), reason.get());
      }
    }
    return new SourceRecords(inScope, others, why);
  }

  public static boolean inPeriod(Instant eventTime, Optional<Instant> from, Optional<Instant> to) {
    return from.map(f -> !eventTime.isBefore(f)).orElse(true) && to.map(eventTime::isBefore).orElse(true);
  }

  /** The source's events in the period that are not retracted, by idempotency key, in journal order. */
  public Map<String, Recorded> inScope() {
    return inScope;
  }

  public boolean isEmpty() {
    return inScope.isEmpty();
  }

  /** A recorded key that does not count, and why; empty for keys in scope or never recorded. */
  public Optional<OutOfScope> outOfScope(String idempotencyKey) {
    return Optional.ofNullable(outOfScope.get(idempotencyKey));
  }

  /** The recorded event of a key that does not count (see {@link #outOfScope}). */
  public Optional<Recorded> outOfScopeRecord(String idempotencyKey) {
    return Optional.ofNullable(outOfScopeRecords.get(idempotencyKey));
  }

  /** The records in scope by window, in window order. */
  public Map<Instant, WindowTotal> windows() {
    Map<Instant, WindowTotal> windows = new TreeMap<>();
    for (Recorded r : inScope.values()) {
      windows.merge(r.windowStart(), new WindowTotal(r.windowStart(), 1, r.amount(), WindowDigest.keyHash(
          r.idempotencyKey())), (a, b) -> new WindowTotal(a.windowStart(), a.count() + b.count(),
          a.amount().add(b.amount()), a.digest() + b.digest()));
    }
    return windows;
  }
}
