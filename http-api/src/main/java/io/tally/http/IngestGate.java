package io.tally.http;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the ingest requests one node works on at once. Past the bound a request is refused at
 * once (429) instead of queueing behind the others until every client times out.
 */
final class IngestGate {

  private final int capacity;
  private final AtomicInteger inFlight = new AtomicInteger();

  IngestGate(int capacity) {
    this.capacity = capacity;
  }

  boolean tryEnter() {
    while (true) {
      int now = inFlight.get();
      if (now >= capacity) {
        return false;
      }
      if (inFlight.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  void leave() {
    inFlight.decrementAndGet();
  }

  int inFlight() {
    return inFlight.get();
  }
}
