package io.tally.http.batch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.tally.ledger.EventRecorded;
import io.tally.ledger.EventRetracted;
import io.tally.ledger.LedgerEvent;
import io.tally.ledger.journal.JournalEntry;
import io.tally.ledger.journal.SourceRecords;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

/** One entity's statement rows against its journal: each kind, by key or by window. */
public class StatementComparisonTest {

  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");
  private static final Optional<Instant> FROM = Optional.of(Instant.parse("2026-11-21T00:00:00Z"));
  private static final Optional<Instant> TO = Optional.of(Instant.parse("2026-11-22T00:00:00Z"));

  private final List<JournalEntry> journal = new ArrayList<>();

  private void recorded(String key, Instant at, String amount, String source) {
    append(new EventRecorded("acc", key, at, at, at.truncatedTo(ChronoUnit.MINUTES), false, new BigDecimal(amount),
        Map.of(), Optional.empty(), source, "", ""));
  }

  private void retracted(String key, String target, BigDecimal amount) {
    append(new EventRetracted("acc", key, T, T, T.truncatedTo(ChronoUnit.MINUTES), false, target, 1,
        T.truncatedTo(ChronoUnit.MINUTES), false, amount, Map.of(), Optional.empty(), Optional.empty(), "bank", "", ""));
  }

  private void append(LedgerEvent event) {
    journal.add(new JournalEntry(journal.size() + 1, event));
  }

  private static StatementRow.Record record(long line, String key, Instant at, String amount) {
    return new StatementRow.Record(line, "acc", key, at, at.truncatedTo(ChronoUnit.MINUTES), new BigDecimal(amount),
        "{}");
  }

  private StatementComparison.EntityResult compare(StatementForm form, List<StatementRow> rows) {
    return StatementComparison.compare(form, "acc", rows, SourceRecords.of(journal, "bank", FROM, TO));
  }

  @Test
  public void recordsAreMatchedByKeyAndEachDifferenceSaysWhy() {
    recorded("k1", T, "1.00", "bank");
    recorded("k2", T.plusSeconds(1), "2.00", "bank");
    recorded("k3", T.plusSeconds(2), "3.00", "bank");
    retracted("r3", "k3", new BigDecimal("3.00"));
    recorded("k4", T.plusSeconds(3), "4.00", "ops");
    recorded("k5", T.minus(2, ChronoUnit.DAYS), "5.00", "bank");
    recorded("k6", T.plusSeconds(4), "6.00", "bank");
    recorded("k7", T.plusSeconds(5), "7.00", "bank");

    StatementComparison.EntityResult result = compare(StatementForm.RECORDS, List.of(
        record(2, "k1", T, "1.0"),                       // matched: 1.0 equals 1.00
        record(3, "k2", T.plusSeconds(1), "2.50"),       // mismatch: amount
        record(4, "k3", T.plusSeconds(2), "3.00"),       // missing in Tally: retracted
        record(5, "k4", T.plusSeconds(3), "4.00"),       // mismatch: source
        record(6, "k5", T, "5.00"),                      // mismatch: outside the period in the ledger
        record(7, "k6", T.plusSeconds(120), "6.00"),     // mismatch: another window
        record(8, "k8", T, "8.00"),                      // missing in Tally: never recorded
        record(9, "k1", T, "1.00")));                    // duplicate of line 2
    // k7 is missing in the statement.
    assertEquals(Map.of(DifferenceKind.MATCHED, 1L, DifferenceKind.MISMATCH, 4L, DifferenceKind.MISSING_IN_TALLY, 2L,
        DifferenceKind.DUPLICATE_IN_STATEMENT, 1L, DifferenceKind.MISSING_IN_STATEMENT, 1L), result.counts());
    Map<String, StatementDifference> byKey = new java.util.HashMap<>();
    result.differences().forEach(d -> byKey.put(d.item() + "@" + d.line(), d));
    assertEquals(Optional.of("amount"), byKey.get("k2@3").field());
    assertEquals(Optional.of(new BigDecimal("2.00")), byKey.get("k2@3").ledgerAmount());
    assertTrue(byKey.get("k3@4").detail(), byKey.get("k3@4").detail().contains("retracted"));
    assertEquals(Optional.of("{}"), byKey.get("k3@4").event());
    assertEquals(Optional.of("source"), byKey.get("k4@5").field());
    assertEquals(Optional.of("window"), byKey.get("k5@6").field());
    assertEquals(Optional.of("window"), byKey.get("k6@7").field());
    assertEquals(DifferenceKind.MISSING_IN_TALLY, byKey.get("k8@8").kind());
    assertEquals(DifferenceKind.DUPLICATE_IN_STATEMENT, byKey.get("k1@9").kind());
    assertEquals(DifferenceKind.MISSING_IN_STATEMENT, byKey.get("k7@0").kind());
    // The statement's rows once each (the duplicate not again); the ledger's records in scope.
    assertEquals(0, new BigDecimal("29.50").compareTo(result.statementAmount()));
    assertEquals(0, new BigDecimal("16.00").compareTo(result.ledgerAmount()));
  }

  @Test
  public void totalsAreComparedByWindowWithCountAndAmount() {
    recorded("k1", T, "1.00", "bank");
    recorded("k2", T.plusSeconds(1), "2.00", "bank");
    recorded("k3", T.plusSeconds(60), "3.00", "bank");
    recorded("k4", T.plusSeconds(120), "4.00", "bank");
    recorded("k5", T.plusSeconds(180), "5.00", "bank");
    StatementComparison.EntityResult result = compare(StatementForm.TOTALS, List.of(
        new StatementRow.Total(2, "acc", T, 2, new BigDecimal("3.00")),                     // matched
        new StatementRow.Total(3, "acc", T.plusSeconds(60), 1, new BigDecimal("3.01")),     // amount
        new StatementRow.Total(4, "acc", T.plusSeconds(120), 2, new BigDecimal("4.00")),    // count
        new StatementRow.Total(5, "acc", T.plusSeconds(240), 1, new BigDecimal("9.00")),    // missing in Tally
        new StatementRow.Total(6, "acc", T.plusSeconds(300), 0, BigDecimal.ZERO),          // an empty window: matched
        new StatementRow.Total(7, "acc", T, 2, new BigDecimal("3.00"))));                   // duplicate
    // The window at +180 s is missing in the statement.
    assertEquals(Map.of(DifferenceKind.MATCHED, 2L, DifferenceKind.MISMATCH, 2L, DifferenceKind.MISSING_IN_TALLY, 1L,
        DifferenceKind.DUPLICATE_IN_STATEMENT, 1L, DifferenceKind.MISSING_IN_STATEMENT, 1L), result.counts());
    List<String> fields = result.differences().stream().filter(d -> d.kind() == DifferenceKind.MISMATCH)
        .map(d -> d.field().orElseThrow()).toList();
    assertEquals(List.of("amount", "count"), fields);
    // The checkpoint keeps the ledger's windows and the statement's windows the ledger lacks.
    assertEquals(6, result.windows().size());
  }
}
