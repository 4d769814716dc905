package io.tally.projections.audit;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.persistence.cassandra.query.javadsl.CassandraReadJournal;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.typed.PersistenceId;
import akka.stream.javadsl.Source;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerEvent;

/**
 * {@link JournalReader} over the Cassandra journal through the plugin's read journal: {@code
 * currentEventsByPersistenceId} pages through the journal partitions with back-pressure, so an
 * entity of any size is streamed, never loaded whole.
 */
public final class CassandraJournalReader implements JournalReader {

  private static final String PREFIX = LedgerEntity.ENTITY_TYPE_KEY.name() + PersistenceId.DefaultSeparator();

  private final CassandraReadJournal journal;

  public CassandraJournalReader(ActorSystem<?> system) {
    this.journal = PersistenceQuery.get(system.classicSystem())
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
  }

  @Override
  public Source<JournalEntry, NotUsed> events(String entityKey) {
    return events(entityKey, 1);
  }

  @Override
  public Source<JournalEntry, NotUsed> events(String entityKey, long fromSeqNr) {
    return events(entityKey, fromSeqNr, Long.MAX_VALUE);
  }

  @Override
  public Source<JournalEntry, NotUsed> events(String entityKey, long fromSeqNr, long toSeqNr) {
    String persistenceId = PersistenceId.of(LedgerEntity.ENTITY_TYPE_KEY.name(), entityKey).id();
    return journal.currentEventsByPersistenceId(persistenceId, fromSeqNr, toSeqNr)
        .map(envelope -> new JournalEntry(envelope.sequenceNr(), (LedgerEvent) envelope.event()));
  }

  @Override
  public Source<String, NotUsed> entityKeys() {
    return journal.currentPersistenceIds()
        .filter(id -> id.startsWith(PREFIX))
        .map(id -> id.substring(PREFIX.length()));
  }
}
