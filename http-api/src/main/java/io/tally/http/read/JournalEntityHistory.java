package io.tally.http.read;

import akka.actor.typed.ActorSystem;
import akka.stream.javadsl.Sink;
import io.tally.ledger.journal.CassandraJournalReader;
import io.tally.ledger.journal.JournalReader;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** {@link EntityHistory} over the same journal reader the audit uses. */
public final class JournalEntityHistory implements EntityHistory {

  private final JournalReader journal;
  private final ActorSystem<?> system;

  public JournalEntityHistory(ActorSystem<?> system) {
    this(new CassandraJournalReader(system), system);
  }

  public JournalEntityHistory(JournalReader journal, ActorSystem<?> system) {
    this.journal = journal;
    this.system = system;
  }

  @Override
  public CompletionStage<List<Entry>> events(String entityKey, long fromSeqNr, int limit) {
    return journal.events(entityKey, fromSeqNr)
        .take(limit)
        .map(entry -> new Entry(entry.seqNr(), entry.event()))
        .runWith(Sink.seq(), system);
  }
}
