package io.tally.projections.window;

import akka.Done;
import akka.projection.eventsourced.EventEnvelope;
import akka.projection.javadsl.Handler;
import io.tally.ledger.LedgerEvent;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The grouped handler of one slice's projection: hands each group to the slice's
 * {@link SliceWriter}. A new handler is made for every run of the projection stream (after a
 * failure, a pause or a move); it starts by making the writer forget what it held, since a failed
 * run may have left writes half done.
 */
public final class WindowViewHandler extends Handler<List<EventEnvelope<LedgerEvent>>> {

  private final SliceWriter writer;

  public WindowViewHandler(SliceWriter writer) {
    this.writer = writer;
  }

  @Override
  public CompletionStage<Done> start() {
    return writer.reset();
  }

  @Override
  public CompletionStage<Done> process(List<EventEnvelope<LedgerEvent>> envelopes) {
    return writer.apply(envelopes);
  }
}
