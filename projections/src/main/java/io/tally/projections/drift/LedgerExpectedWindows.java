package io.tally.projections.drift;

import akka.actor.typed.ActorSystem;
import akka.persistence.cassandra.query.javadsl.CassandraReadJournal;
import akka.persistence.query.PersistenceQuery;
import akka.stream.javadsl.Sink;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerService;
import io.tally.ledger.LedgerSummary;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Entities from the journal's persistence ids ({@code currentPersistenceIds}: the messages
 * table's partitions, never the tag table), aggregates from the entity actors themselves.
 */
public final class LedgerExpectedWindows implements ExpectedWindows {

  private static final String PREFIX = LedgerEntity.ENTITY_TYPE_KEY.name() + "|";

  private final ActorSystem<?> system;
  private final CassandraReadJournal journal;
  private final LedgerService ledger;

  public LedgerExpectedWindows(ActorSystem<?> system, LedgerService ledger) {
    this.system = system;
    this.journal = PersistenceQuery.get(system)
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    this.ledger = ledger;
  }

  @Override
  public CompletionStage<List<String>> entities() {
    return journal.currentPersistenceIds()
        .filter(pid -> pid.startsWith(PREFIX))
        .map(pid -> pid.substring(PREFIX.length()))
        .runWith(Sink.seq(), system);
  }

  @Override
  public CompletionStage<LedgerSummary> state(String entityKey) {
    return ledger.state(entityKey);
  }
}
