package io.tally.http;

import akka.NotUsed;
import akka.stream.javadsl.Source;
import io.tally.ledger.EventRecorded;
import io.tally.ledger.EventRetracted;
import io.tally.ledger.HashChain;
import io.tally.ledger.LedgerEvent;
import io.tally.ledger.journal.JournalEntry;
import io.tally.ledger.journal.JournalReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** An in-memory journal for route tests: events sealed into each entity's chain, tamperable. */
public final class StubJournal implements JournalReader {

  private final Map<String, List<JournalEntry>> journals = new ConcurrentHashMap<>();

  public StubJournal record(String key, String idem, Instant at, String amount) {
    return record(key, idem, at, amount, "test");
  }

  public StubJournal record(String key, String idem, Instant at, String amount, String source) {
    return append(new EventRecorded(key, idem, at, at, at.truncatedTo(ChronoUnit.MINUTES), false,
        new BigDecimal(amount), Map.of(), Optional.empty(), source, "", ""));
  }

  public StubJournal retract(String key, String idem, Instant at, String target) {
    List<JournalEntry> journal = journals.get(key);
    JournalEntry t = journal.stream().filter(e -> e.event().idempotencyKey().equals(target)).findFirst().orElseThrow();
    EventRecorded r = (EventRecorded) t.event();
    return append(new EventRetracted(key, idem, at, at, at.truncatedTo(ChronoUnit.MINUTES), false, target, t.seqNr(),
        r.windowStart(), false, r.amount(), Map.of(), Optional.empty(), Optional.empty(), "test", "", ""));
  }

  public void tamper(String key, long seqNr, UnaryOperator<LedgerEvent> change) {
    List<JournalEntry> journal = journals.get(key);
    journal.set((int) seqNr - 1, new JournalEntry(seqNr, change.apply(journal.get((int) seqNr - 1).event())));
  }

  private StubJournal append(LedgerEvent event) {
    List<JournalEntry> journal = journals.computeIfAbsent(event.entityKey(), k -> new ArrayList<>());
    String prev = journal.isEmpty() ? HashChain.GENESIS : journal.get(journal.size() - 1).event().hash();
    journal.add(new JournalEntry(journal.size() + 1, HashChain.seal(event, prev)));
    return this;
  }

  @Override
  public Source<JournalEntry, NotUsed> events(String entityKey) {
    return Source.from(List.copyOf(journals.getOrDefault(entityKey, List.of())));
  }

  @Override
  public Source<String, NotUsed> entityKeys() {
    return Source.from(List.copyOf(new TreeMap<>(journals).keySet()));
  }
}
