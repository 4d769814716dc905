package io.tally.bench.load;

import io.tally.bench.ingest.IngestPayload;
import io.tally.bench.readside.EntityPool;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bodies a load sends for its cell's shape, events numbered from the spec's first event, event
 * time now (the same events as every other writer: {@link IngestPayload}).
 */
final class IngestRequests {

  /** One request's JSON and what it holds. */
  record Body(String json, int events, boolean array) {}

  private final LoadSpec spec;
  private final Clock clock;
  private final AtomicLong nextEvent;
  private final EntityPool pool;

  IngestRequests(LoadSpec spec, Clock clock) {
    this.spec = spec;
    this.clock = clock;
    this.nextEvent = new AtomicLong(spec.firstEvent());
    // Seeded by the first event: each load draws its own sequence, and a rerun draws the same one.
    this.pool = spec.cell().shape() == LoadCell.Shape.SPREAD
        ? new EntityPool(LoadCell.spreadPrefix(spec.run()), LoadCell.SPREAD_POOL, spec.firstEvent())
        : null;
  }

  Body closedLoop(int worker, long request) {
    return spec.cell().shape() == LoadCell.Shape.SPREAD ? spread()
        : entity(spec.cell().entityKey(spec.run(), worker, request));
  }

  Body openLoop(long request) {
    return spec.cell().shape() == LoadCell.Shape.SPREAD ? spread()
        : entity(spec.cell().openLoopEntityKey(spec.run(), request));
  }

  private Body entity(String entityKey) {
    int batch = spec.cell().batchSize();
    long first = nextEvent.getAndAdd(batch);
    return new Body(IngestPayload.json(entityKey, first, batch, clock.instant()), batch, batch > 1);
  }

  private Body spread() {
    int batch = spec.cell().batchSize();
    List<String> entities = pool.draw(batch);
    long first = nextEvent.getAndAdd(batch);
    return new Body(IngestPayload.jsonOnePerEntity(entities, first, clock.instant()), batch, true);
  }
}
