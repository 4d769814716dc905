package io.tally.http.read;

import io.tally.ledger.LedgerEvent;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Reads an entity's persisted events from the journal, by sequence number. */
public interface EntityHistory {

  /** A persisted event with its journal sequence number. */
  record Entry(long seqNr, LedgerEvent event) {}

  /** Up to {@code limit} events with sequence numbers from {@code fromSeqNr}, oldest first. */
  CompletionStage<List<Entry>> events(String entityKey, long fromSeqNr, int limit);
}
