package io.tally.projections.audit;

import akka.actor.typed.ActorSystem;
import akka.stream.javadsl.Sink;
import io.tally.ledger.LedgerEventHandler;
import io.tally.ledger.LedgerState;
import io.tally.ledger.journal.JournalReader;
import io.tally.ledger.journal.JournalEntry;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * An entity's state as the ledger knew it at an ingestion instant: the journal replayed through
 * {@link LedgerEventHandler#replayUntil}, the same rules the live entity applies. The journal is
 * read in chunks and reading stops at the first chunk that reaches past {@code asOf}, so memory
 * is one chunk plus the state, and later history is never read.
 */
public final class PointInTimeState {

  private final JournalReader journal;
  private final LedgerEventHandler handler;
  private final int chunkSize;
  private final ActorSystem<?> system;

  public PointInTimeState(
      JournalReader journal, LedgerEventHandler handler, AuditSettings settings, ActorSystem<?> system) {
    this.journal = journal;
    this.handler = handler;
    this.chunkSize = settings.replayChunkSize();
    this.system = system;
  }

  /** The state at {@code asOf}, replaying the whole journal up to it. */
  public CompletionStage<LedgerState> asOf(String entityKey, Instant asOf) {
    return asOf(entityKey, asOf, Long.MAX_VALUE - 1).thenApply(Optional::orElseThrow);
  }

  /**
   * The state at {@code asOf}, or empty when more than {@code maxEvents} events were ingested up to
   * it: a request may bound the work one replay costs (the journal is read no further than one
   * event past the bound).
   */
  public CompletionStage<Optional<LedgerState>> asOf(String entityKey, Instant asOf, long maxEvents) {
    return journal.events(entityKey)
        .map(JournalEntry::event)
        // One event past the bound tells that the bound was reached.
        .take(maxEvents + 1)
        .grouped(chunkSize)
        // inclusive: the chunk holding the cut-off is replayed (replayUntil stops inside it), and
        // nothing after it, exactly as one replayUntil over the whole journal would.
        .takeWhile(chunk -> chunk.stream().noneMatch(e -> e.ingestedAt().isAfter(asOf)), true)
        .runWith(Sink.fold(new Replay(LedgerState.empty(entityKey), 0), (replay, chunk) -> new Replay(
            handler.replayUntil(replay.state(), chunk, asOf),
            replay.replayed() + chunk.stream().filter(e -> !e.ingestedAt().isAfter(asOf)).count())), system)
        .thenApply(replay -> replay.replayed() > maxEvents ? Optional.empty() : Optional.of(replay.state()));
  }

  private record Replay(LedgerState state, long replayed) {}
}
