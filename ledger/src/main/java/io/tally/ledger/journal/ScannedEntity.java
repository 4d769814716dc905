package io.tally.ledger.journal;

import java.util.List;

/**
 * One ledger entity as a journal scan found it: its events from the start of its journal as far
 * as the scan read them (in order, possibly none), and whether the rest of its journal must still
 * be read entity by entity from the event after the last one here ({@code readOn}): when the scan
 * left the entity's partition early, or the journal may go on into the next partition.
 */
public record ScannedEntity(String entityKey, List<JournalEntry> entries, boolean readOn) {

  public ScannedEntity {
    entries = List.copyOf(entries);
  }

  /** An entity none of whose journal was read yet: it is read whole, entity by entity. */
  public static ScannedEntity unread(String entityKey) {
    return new ScannedEntity(entityKey, List.of(), true);
  }

  /** The sequence number of the first event not in {@link #entries}. */
  public long nextSeqNr() {
    return entries.isEmpty() ? 1 : entries.get(entries.size() - 1).seqNr() + 1;
  }
}
