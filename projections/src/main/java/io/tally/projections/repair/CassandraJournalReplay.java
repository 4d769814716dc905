package io.tally.projections.repair;

import akka.actor.typed.ActorSystem;
import akka.persistence.cassandra.query.javadsl.CassandraReadJournal;
import akka.persistence.query.PersistenceQuery;
import akka.stream.javadsl.Sink;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerEvent;
import io.tally.ledger.LedgerEventHandler;
import io.tally.ledger.LedgerState;
import java.util.concurrent.CompletionStage;

/**
 * Replays an entity's events by persistence id (the messages table, not the tag table) through
 * {@link LedgerEventHandler}, the ledger's one implementation of the rules.
 */
public final class CassandraJournalReplay implements JournalReplay {

  private final ActorSystem<?> system;
  private final CassandraReadJournal journal;
  private final LedgerEventHandler handler;

  public CassandraJournalReplay(ActorSystem<?> system, LedgerEventHandler handler) {
    this.system = system;
    this.journal = PersistenceQuery.get(system)
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    this.handler = handler;
  }

  @Override
  public CompletionStage<LedgerState> replay(String entityKey) {
    String pid = LedgerEntity.ENTITY_TYPE_KEY.name() + "|" + entityKey;
    return journal.currentEventsByPersistenceId(pid, 0L, Long.MAX_VALUE)
        .runWith(Sink.fold(LedgerState.empty(entityKey),
            (state, envelope) -> handler.apply(state, (LedgerEvent) envelope.event())), system);
  }
}
