package io.tally.http;

import akka.actor.typed.ActorSystem;
import akka.persistence.cassandra.query.javadsl.CassandraReadJournal;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.typed.PersistenceId;
import akka.stream.javadsl.Sink;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerEvent;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** {@link EntityHistory} from the Cassandra journal ({@code currentEventsByPersistenceId}). */
final class JournalEntityHistory implements EntityHistory {

  private final CassandraReadJournal journal;
  private final ActorSystem<?> system;

  JournalEntityHistory(ActorSystem<?> system) {
    this.system = system;
    this.journal =
        PersistenceQuery.get(system.classicSystem())
            .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
  }

  @Override
  public CompletionStage<List<Entry>> events(String entityKey, long fromSeqNr, int limit) {
    String persistenceId = PersistenceId.of(LedgerEntity.ENTITY_TYPE_KEY.name(), entityKey).id();
    return journal
        .currentEventsByPersistenceId(persistenceId, fromSeqNr, fromSeqNr + limit - 1)
        .take(limit)
        .map(envelope -> new Entry(envelope.sequenceNr(), (LedgerEvent) envelope.event()))
        .runWith(Sink.seq(), system);
  }
}
