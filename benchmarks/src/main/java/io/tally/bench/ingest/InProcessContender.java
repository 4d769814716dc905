package io.tally.bench.ingest;

import io.tally.bench.load.Answer;
import io.tally.bench.load.ClosedLoop;
import io.tally.bench.load.LoadCell;
import io.tally.bench.load.LoadResult;
import io.tally.bench.readside.EntityPool;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A writer that runs in the node's JVM (Tally without HTTP, plain Akka on the node's actor system,
 * the raw driver with the node's serializer), in a closed loop; a write that returns had every
 * event acknowledged. Many-entity cells need a {@link SpreadWriter}.
 */
final class InProcessContender implements Contender {

  private final BatchWriter writer;
  private final SpreadWriter spread;
  private final boolean tally;

  InProcessContender(BatchWriter writer, SpreadWriter spread, boolean tally) {
    this.writer = writer;
    this.spread = spread;
    this.tally = tally;
  }

  @Override
  public String name() {
    return writer.name();
  }

  @Override
  public boolean tally() {
    return tally;
  }

  @Override
  public LoadResult run(LoadCell cell, double rate, Duration warmUp, Duration measured, String run, long firstEvent)
      throws InterruptedException {
    if (cell.openLoop()) {
      throw new IllegalArgumentException(name() + " runs closed loops only, not " + cell);
    }
    AtomicLong events = new AtomicLong(firstEvent);
    int batch = cell.batchSize();
    if (cell.shape() == LoadCell.Shape.ENTITY) {
      return ClosedLoop.run(name(), cell, warmUp, measured, (worker, n) -> {
        writer.write(cell.entityKey(run, worker, n), events.getAndAdd(batch), batch);
        return Answer.accepted(batch);
      });
    }
    if (spread == null) {
      throw new IllegalArgumentException(name() + " writes no many-entity requests");
    }
    EntityPool pool = new EntityPool(LoadCell.spreadPrefix(run), LoadCell.SPREAD_POOL, firstEvent);
    return ClosedLoop.run(name(), cell, warmUp, measured, (worker, n) -> {
      spread.writeSpread(pool.draw(batch), events.getAndAdd(batch));
      return Answer.accepted(batch);
    });
  }
}
