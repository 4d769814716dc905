package io.tally.bench.load;

import java.util.Locale;

/**
 * One cell of a load: its request shape, requests in flight (closed loop; 0 for an open loop,
 * whose rate is given apart) and events per request.
 */
public record LoadCell(Shape shape, int concurrency, int batchSize) {

  /** Entities each closed-loop worker cycles through (a worker never has two requests in flight). */
  public static final int ENTITIES_PER_WORKER = 16;
  /**
   * Entities an open loop cycles through: at the rates it is run at (hundreds to a few thousand
   * requests/s) an entity has at most a few requests a second, so requests seldom queue on one.
   */
  public static final int OPEN_LOOP_ENTITIES = 1_024;
  /** The pool a {@link Shape#SPREAD} request draws its distinct entities from (as the ceiling section). */
  public static final int SPREAD_POOL = 2_000;

  /** What one request carries. */
  public enum Shape {
    /** {@code batchSize} events of one entity: one JSON object for one event, else an array. */
    ENTITY,
    /** One event for each of {@code batchSize} distinct entities drawn from {@link #SPREAD_POOL}: one array. */
    SPREAD;

    public static Shape parse(String name) {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
  }

  public LoadCell {
    if (batchSize < 1 || concurrency < 0) {
      throw new IllegalArgumentException("a cell needs a batch of at least 1 and no negative concurrency: "
          + concurrency + " in flight, batch " + batchSize);
    }
    if (shape == Shape.SPREAD && batchSize > SPREAD_POOL) {
      throw new IllegalArgumentException("a spread batch of " + batchSize + " needs more than the pool's "
          + SPREAD_POOL + " entities");
    }
  }

  /** A closed-loop cell of events of one entity per request. */
  public LoadCell(int concurrency, int batchSize) {
    this(Shape.ENTITY, concurrency, batchSize);
  }

  public boolean openLoop() {
    return concurrency == 0;
  }

  /** The entity of a closed-loop worker's n-th request ({@link Shape#ENTITY}): distinct per cell, worker and slot. */
  public String entityKey(String run, int worker, long request) {
    return run + "-c" + concurrency + "-b" + batchSize + "-w" + worker + "-e" + (request % ENTITIES_PER_WORKER);
  }

  /** The entity of an open loop's n-th request ({@link Shape#ENTITY}). */
  public String openLoopEntityKey(String run, long request) {
    return run + "-open-b" + batchSize + "-e" + (request % OPEN_LOOP_ENTITIES);
  }

  /** The prefix of a {@link Shape#SPREAD} pool's keys: shared by every cell of a run, so entities stay warm. */
  public static String spreadPrefix(String run) {
    return run + "-e";
  }

  @Override
  public String toString() {
    String load = openLoop() ? "open loop" : "c=" + concurrency;
    return load + " b=" + batchSize + (shape == Shape.SPREAD ? " spread" : "");
  }
}
