package io.tally.bench.load;

import io.tally.bench.report.LatencyRecorder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The thread-safe counts of one load. The caller says whether an answer falls in the measured
 * window; events accepted are also counted over the whole load. Latencies are recorded for
 * window answers that were admitted (a 429 did no work: its speed says nothing of ingest).
 */
final class LoadCounters {

  /** Failures printed per load (the rest are only counted). */
  private static final int FAILURES_SHOWN = 3;

  private final String name;
  private final LatencyRecorder latencies = new LatencyRecorder();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong duplicate = new AtomicLong();
  private final AtomicLong unavailable = new AtomicLong();
  private final AtomicLong other = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong notSent = new AtomicLong();
  private final AtomicLong answeredAfter = new AtomicLong();
  private final AtomicLong acceptedTotal = new AtomicLong();
  private final AtomicLong shown = new AtomicLong();

  LoadCounters(String name) {
    this.name = name;
  }

  /** An answer that arrived {@code latencyNanos} after the request's start (sent, or due for an open loop). */
  void answered(Answer answer, long latencyNanos, boolean inWindow) {
    acceptedTotal.addAndGet(answer.accepted());
    if (!inWindow) {
      return;
    }
    requests.incrementAndGet();
    if (answer.refused()) {
      refused.incrementAndGet();
      return;
    }
    latencies.recordNanos(latencyNanos);
    accepted.addAndGet(answer.accepted());
    duplicate.addAndGet(answer.duplicate());
    unavailable.addAndGet(answer.unavailable());
    other.addAndGet(answer.other());
  }

  void failed(Throwable failure, boolean inWindow) {
    if (inWindow) {
      failed.incrementAndGet();
    }
    if (shown.incrementAndGet() <= FAILURES_SHOWN) {
      System.err.println(name + ": " + failure);
    }
  }

  void notSent() {
    notSent.incrementAndGet();
  }

  /** A request answered (or failed) after the window it was sent in. */
  void answeredAfterWindow() {
    answeredAfter.incrementAndGet();
  }

  LoadResult result(LoadCell cell, double offeredEventsPerSecond, double seconds) {
    Outcomes window = new Outcomes(requests.get(), accepted.get(), duplicate.get(), unavailable.get(), other.get(),
        refused.get(), failed.get(), notSent.get(), answeredAfter.get());
    return new LoadResult(name, cell, offeredEventsPerSecond, seconds, window, acceptedTotal.get(),
        latencies.percentiles());
  }
}
