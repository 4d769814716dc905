package io.tally.projections.audit;

import io.tally.ledger.LedgerSummary;
import io.tally.ledger.WindowAggregate;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compares a replayed state with a checkpoint at the same seqNr, field by field. Decimals compare
 * by value (a serialized snapshot may carry another scale); {@code duplicatesSeen} is not durable
 * and is ignored.
 */
final class StateComparison {

  private static final int MAX_VALUE_CHARS = 200;

  private StateComparison() {}

  /** The differing fields as "field: replayed X, source Y" (empty when equal). */
  static List<String> differences(LedgerSummary replayed, LedgerSummary other) {
    List<String> diffs = new ArrayList<>();
    if (replayed.balance().compareTo(other.balance()) != 0) {
      diffs.add(diff("balance", replayed.balance().toPlainString(), other.balance().toPlainString()));
    }
    same(diffs, "counts", replayed.counts(), other.counts());
    same(diffs, "attributes", replayed.attributes(), other.attributes());
    same(diffs, "deletedAt", replayed.deletedAt(), other.deletedAt());
    same(diffs, "sequences", replayed.sequences(), other.sequences());
    same(diffs, "lastHash", replayed.lastHash(), other.lastHash());
    same(diffs, "lastIngestedAt", replayed.lastIngestedAt(), other.lastIngestedAt());
    same(diffs, "pendingRetractions", replayed.pendingRetractions(), other.pendingRetractions());
    same(diffs, "retainedKeys", replayed.retainedKeys(), other.retainedKeys());
    same(diffs, "windows", windows(replayed.windows()), windows(other.windows()));
    return diffs;
  }

  private static List<String> windows(List<WindowAggregate> windows) {
    return windows.stream().map(w -> w.windowStart() + " count=" + w.count() + " sum=" + plain(w.sum())
        + " digest=" + Long.toUnsignedString(w.digest(), 16) + " late=" + w.lateCount()
        + " retracted=" + w.retractedCount()).toList();
  }

  private static String plain(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }

  private static void same(List<String> diffs, String field, Object replayed, Object other) {
    if (!Objects.equals(replayed, other)) {
      diffs.add(diff(field, String.valueOf(replayed), String.valueOf(other)));
    }
  }

  private static String diff(String field, String replayed, String other) {
    return field + ": replayed " + cut(replayed) + ", stored " + cut(other);
  }

  private static String cut(String s) {
    return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS) + "...";
  }
}
