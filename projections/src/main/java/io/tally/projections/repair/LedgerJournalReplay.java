package io.tally.projections.repair;

import akka.actor.typed.ActorSystem;
import akka.stream.javadsl.Sink;
import io.tally.ledger.LedgerEventHandler;
import io.tally.ledger.LedgerState;
import io.tally.ledger.journal.JournalReader;
import java.util.concurrent.CompletionStage;

/**
 * Replays an entity's events by persistence id (the messages table, not the tag table) through
 * {@link LedgerEventHandler}, the ledger's one implementation of the rules. Reads through the same
 * {@link JournalReader} as the audit.
 */
public final class LedgerJournalReplay implements JournalReplay {

  private final JournalReader journal;
  private final LedgerEventHandler handler;
  private final ActorSystem<?> system;

  public LedgerJournalReplay(JournalReader journal, LedgerEventHandler handler, ActorSystem<?> system) {
    this.journal = journal;
    this.handler = handler;
    this.system = system;
  }

  @Override
  public CompletionStage<LedgerState> replay(String entityKey) {
    return journal.events(entityKey)
        .runWith(Sink.fold(LedgerState.empty(entityKey), (state, entry) -> handler.apply(state, entry.event())), system);
  }
}
