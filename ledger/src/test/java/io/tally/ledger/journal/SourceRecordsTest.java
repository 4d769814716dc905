package io.tally.ledger.journal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.tally.ledger.EventRecorded;
import io.tally.ledger.EventRetracted;
import io.tally.ledger.LedgerEvent;
import io.tally.ledger.RetractionPending;
import io.tally.ledger.WindowDigest;
import io.tally.ledger.journal.SourceRecords.OutOfScope;
import io.tally.ledger.journal.SourceRecords.WindowTotal;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

/**
 * The ledger's side of a statement: one source's recorded, not retracted events of one entity in
 * a period (from inclusive, to exclusive), and their window totals.
 */
public class SourceRecordsTest {

  private static final String ENTITY = "acct-1";
  private static final String BANK = "bank";
  private static final Duration WINDOW = Duration.ofHours(1);
  private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-11-02T00:00:00Z");

  /** A journal built in seqNr order, as the entity persists it. */
  private static final class Journal {
    private final List<JournalEntry> entries = new ArrayList<>();
    private final Map<String, EventRecorded> recorded = new HashMap<>();

    Journal record(String key, Instant eventTime, String amount, String source) {
      EventRecorded e = new EventRecorded(ENTITY, key, eventTime, eventTime, window(eventTime), false,
          amount == null ? null : new BigDecimal(amount), Map.of(), Optional.empty(), source, "", "");
      recorded.put(key, e);
      return append(e);
    }

    Journal retract(String key, String target, Optional<Long> pendingSeqNr) {
      EventRecorded t = recorded.get(target);
      Instant at = t.eventTime().plusSeconds(1);
      return append(new EventRetracted(ENTITY, key, at, at, window(at), false, target, seqNrOf(target),
          t.windowStart(), false, t.amount() == null ? BigDecimal.ZERO : t.amount(), Map.of(), pendingSeqNr,
          Optional.empty(), BANK, "", ""));
    }

    Journal pendingRetraction(String key, String target, Instant at) {
      return append(new RetractionPending(ENTITY, key, at, at, window(at), false, target, Optional.empty(), BANK,
          "", ""));
    }

    /** The target of a pending retraction arrives: recorded, then retracted in the same write. */
    Journal resolvePending(String pendingKey, String target, Instant eventTime, String amount) {
      long pendingSeqNr = seqNrOf(pendingKey);
      record(target, eventTime, amount, BANK);
      return retract(pendingKey, target, Optional.of(pendingSeqNr));
    }

    long seqNrOf(String key) {
      return entries.stream().filter(e -> e.event().idempotencyKey().equals(key)).findFirst().orElseThrow().seqNr();
    }

    private Journal append(LedgerEvent event) {
      entries.add(new JournalEntry(entries.size() + 1, event));
      return this;
    }

    SourceRecords of(Optional<Instant> from, Optional<Instant> to) {
      return SourceRecords.of(entries, BANK, from, to);
    }

    SourceRecords inPeriod() {
      return of(Optional.of(FROM), Optional.of(TO));
    }
  }

  private static Instant window(Instant t) {
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), WINDOW.toMillis()) * WINDOW.toMillis());
  }

  private static Instant at(String time) {
    return Instant.parse("2026-11-01T" + time + "Z");
  }

  @Test
  public void onlyTheSourcesRecordsInThePeriodAreInScopeAndTheOthersSayWhyNot() {
    SourceRecords records = new Journal()
        .record("in", at("10:15:00"), "10", BANK)
        .record("other-source", at("10:20:00"), "7", "card")
        .record("at-from", FROM, "1", BANK)
        .record("before", FROM.minusMillis(1), "2", BANK)
        .record("at-to", TO, "3", BANK)
        .record("after", TO.plusSeconds(3600), "4", BANK)
        .inPeriod();

    assertEquals(List.of("in", "at-from"), List.copyOf(records.inScope().keySet()));
    assertEquals(Optional.of(OutOfScope.OTHER_SOURCE), records.outOfScope("other-source"));
    assertEquals(Optional.of(OutOfScope.OUTSIDE_PERIOD), records.outOfScope("before"));
    assertEquals(Optional.of(OutOfScope.OUTSIDE_PERIOD), records.outOfScope("at-to"));
    assertEquals(Optional.of(OutOfScope.OUTSIDE_PERIOD), records.outOfScope("after"));
    assertEquals(Optional.empty(), records.outOfScope("in"));
    assertEquals(Optional.empty(), records.outOfScope("never-recorded"));
    assertEquals("card", records.outOfScopeRecord("other-source").orElseThrow().source());
    assertEquals(Optional.empty(), records.outOfScopeRecord("in"));
    SourceRecords.Recorded in = records.inScope().get("in");
    assertEquals(1, in.seqNr());
    assertEquals(at("10:00:00"), in.windowStart());
    assertEquals(0, new BigDecimal("10").compareTo(in.amount()));
  }

  @Test
  public void anOpenPeriodEndTakesEverythingOnThatSide() {
    Journal journal = new Journal()
        .record("early", FROM.minusSeconds(86_400), "1", BANK)
        .record("in", at("10:00:00"), "1", BANK)
        .record("late", TO.plusSeconds(86_400), "1", BANK);
    assertEquals(List.of("early", "in"),
        List.copyOf(journal.of(Optional.empty(), Optional.of(TO)).inScope().keySet()));
    assertEquals(List.of("in", "late"),
        List.copyOf(journal.of(Optional.of(FROM), Optional.empty()).inScope().keySet()));
    assertEquals(3, journal.of(Optional.empty(), Optional.empty()).inScope().size());
  }

  @Test
  public void aRetractedEventIsOutOfScopeAlsoWhenItsRetractionArrivedFirst() {
    SourceRecords records = new Journal()
        .record("kept", at("09:00:00"), "5", BANK)
        .record("retracted", at("09:10:00"), "6", BANK)
        .retract("r-1", "retracted", Optional.empty())
        .pendingRetraction("r-2", "arrives-later", at("09:20:00"))
        .resolvePending("r-2", "arrives-later", at("09:30:00"), "7")
        .inPeriod();

    assertEquals(List.of("kept"), List.copyOf(records.inScope().keySet()));
    assertEquals(Optional.of(OutOfScope.RETRACTED), records.outOfScope("retracted"));
    assertEquals(Optional.of(OutOfScope.RETRACTED), records.outOfScope("arrives-later"));
    assertEquals("a retraction is not a recorded key", Optional.empty(), records.outOfScope("r-2"));
    assertEquals(Map.of(at("09:00:00"), new WindowTotal(at("09:00:00"), 1, new BigDecimal("5"),
        WindowDigest.keyHash("kept"))), records.windows());
  }

  @Test
  public void windowsTotalTheirRecordsInWindowOrderWithTheDigestOfTheirKeys() {
    SourceRecords records = new Journal()
        .record("b1", at("11:30:00"), "2.50", BANK)
        .record("a1", at("10:05:00"), "1", BANK)
        .record("a2", at("10:59:59.999"), null, BANK)
        .record("a3", at("10:30:00"), "-0.25", BANK)
        .record("b2", at("11:00:00"), "7.50", BANK)
        .record("a-gone", at("10:40:00"), "100", BANK)
        .retract("r", "a-gone", Optional.empty())
        .record("a-card", at("10:41:00"), "100", "card")
        .inPeriod();

    Map<Instant, WindowTotal> windows = records.windows();
    assertEquals(List.of(at("10:00:00"), at("11:00:00")), List.copyOf(windows.keySet()));
    WindowTotal ten = windows.get(at("10:00:00"));
    assertEquals(at("10:00:00"), ten.windowStart());
    assertEquals(3, ten.count());
    assertEquals("an event without an amount counts as zero", 0, new BigDecimal("0.75").compareTo(ten.amount()));
    assertEquals(WindowDigest.keyHash("a1") + WindowDigest.keyHash("a2") + WindowDigest.keyHash("a3"), ten.digest());
    assertEquals(WindowDigest.of(List.of("a3", "a2", "a1")), ten.digest());
    WindowTotal eleven = windows.get(at("11:00:00"));
    assertEquals(2, eleven.count());
    assertEquals(0, new BigDecimal("10").compareTo(eleven.amount()));
    assertEquals(WindowDigest.keyHash("b1") + WindowDigest.keyHash("b2"), eleven.digest());
    assertFalse(records.isEmpty());
  }

  @Test
  public void aJournalWithoutTheSourcesRecordsInThePeriodIsEmpty() {
    SourceRecords records = new Journal()
        .record("card-only", at("10:00:00"), "1", "card")
        .record("outside", TO, "1", BANK)
        .inPeriod();
    assertTrue(records.isEmpty());
    assertTrue(records.windows().isEmpty());
    assertTrue(SourceRecords.of(List.of(), BANK, Optional.empty(), Optional.empty()).isEmpty());
  }
}
