package io.tally.bench.ingest;

/** One cell of the ingest matrix: requests in flight and events per request. */
public record LoadCell(int concurrency, int batchSize) {

  /** Entities each worker cycles through (a worker never has two requests in flight). */
  public static final int ENTITIES_PER_WORKER = 16;

  /** The entity of a worker's n-th request: distinct per cell, worker and slot. */
  public String entityKey(String run, int worker, long request) {
    return run + "-c" + concurrency + "-b" + batchSize + "-w" + worker + "-e" + (request % ENTITIES_PER_WORKER);
  }
}
