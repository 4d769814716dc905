package io.tally.projections.window;

import akka.NotUsed;
import akka.stream.javadsl.Source;
import io.tally.ledger.LedgerEvent;
import io.tally.ledger.journal.JournalEntry;
import io.tally.ledger.journal.JournalReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A journal held in memory: what the slice writer reads when it fills a gap. */
public final class ListJournal implements JournalReader {

  private final Map<String, List<JournalEntry>> journals = new ConcurrentHashMap<>();

  public synchronized void append(long seqNr, LedgerEvent event) {
    journals.computeIfAbsent(event.entityKey(), k -> new ArrayList<>()).add(new JournalEntry(seqNr, event));
  }

  @Override
  public synchronized Source<JournalEntry, NotUsed> events(String entityKey) {
    return Source.from(List.copyOf(journals.getOrDefault(entityKey, List.of())));
  }

  @Override
  public Source<String, NotUsed> entityKeys() {
    return Source.from(List.copyOf(journals.keySet()));
  }
}
