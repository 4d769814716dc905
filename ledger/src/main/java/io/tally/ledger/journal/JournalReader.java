package io.tally.ledger.journal;

import akka.NotUsed;
import akka.stream.javadsl.Source;

/**
 * Reads ledger journals back, in order per entity: the one way audits, repairs, point-in-time
 * history and the window views' gap filling see persisted events.
 */
public interface JournalReader {

  /** Every event of one entity from seqNr 1, in order, completing at the current end. */
  Source<JournalEntry, NotUsed> events(String entityKey);

  /** The entity's events from {@code fromSeqNr} on; readers that can seek should override this. */
  default Source<JournalEntry, NotUsed> events(String entityKey, long fromSeqNr) {
    return events(entityKey).dropWhile(entry -> entry.seqNr() < fromSeqNr);
  }

  /** The entity's events from {@code fromSeqNr} to {@code toSeqNr} (inclusive), in order. */
  default Source<JournalEntry, NotUsed> events(String entityKey, long fromSeqNr, long toSeqNr) {
    return events(entityKey, fromSeqNr).takeWhile(entry -> entry.seqNr() <= toSeqNr);
  }

  /** The keys of every ledger entity in the journal (in no particular order), then completes. */
  Source<String, NotUsed> entityKeys();

  /**
   * Every ledger entity in the key range, each once, in no particular order, with as much
   * of its journal as the reader read on the way (an audit reads the rest with {@link #events}).
   * This default reads nothing on the way: the keys, each to be read entity by entity.
   */
  default Source<ScannedEntity, NotUsed> entities(KeyRange keys) {
    return entityKeys().filter(keys::includes).map(ScannedEntity::unread);
  }
}
