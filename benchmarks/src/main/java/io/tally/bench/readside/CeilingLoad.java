package io.tally.bench.readside;

import io.tally.bench.ingest.HttpIngestWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The ceiling section's two kinds of load, both of requests of one event for each of
 * {@code batch} distinct entities drawn from the pool: a closed loop (each of N workers sends its
 * next request when the previous one is answered: the write side's maximum for this shape) and a
 * paced open loop (request i is due at start + i × interval, whatever the answers).
 */
final class CeilingLoad {

  /** Requests the paced load may have outstanding; past it, it waits for one to be answered. */
  static final int PACED_MAX_IN_FLIGHT = 64;
  /** How long the last requests may still take after a phase (the client's request timeout, and some). */
  private static final Duration DRAIN = HttpIngestWriter.REQUEST_TIMEOUT.plusSeconds(10);
  /** Failures printed per phase (the rest are only counted). */
  private static final int FAILURES_SHOWN = 3;

  /** What one phase sent and got back; {@code seconds} from the first send to the last answer. */
  record Totals(long accepted, long unavailable, long other, long refusedRequests, long failedRequests, long notSent,
      double seconds, long endNanos, Instant endedAt) {

    double acceptedPerSecond() {
      return seconds > 0 ? accepted / seconds : 0;
    }
  }

  private final SpreadBatchWriter writer;
  private final EntityPool pool;
  private final int batch;
  private final WindowCoverage windows;
  private final AtomicLong eventNumbers = new AtomicLong();

  CeilingLoad(SpreadBatchWriter writer, EntityPool pool, int batch, WindowCoverage windows) {
    this.writer = writer;
    this.pool = pool;
    this.batch = batch;
    this.windows = windows;
  }

  Totals closedLoop(int concurrency, Duration duration, ViewLagProbe probe) throws InterruptedException {
    Counters counters = new Counters();
    long end = counters.start + duration.toNanos();
    ExecutorService workers = Executors.newFixedThreadPool(concurrency, CeilingLoad::daemon);
    for (int w = 0; w < concurrency; w++) {
      workers.execute(() -> {
        while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
          // A refused worker waits the node's Retry-After (bounded by the phase), as a producer would.
          send(probe, counters).ifPresent(wait -> LockSupport.parkNanos(Math.min(wait.toNanos(),
              Math.max(0, end - System.nanoTime()))));
        }
      });
    }
    drain(workers, duration);
    return counters.totals(0);
  }

  Totals paced(int eventsPerSecond, Duration duration, ViewLagProbe probe) throws InterruptedException {
    long requests = Math.max(1, eventsPerSecond * duration.toSeconds() / batch);
    long interval = TimeUnit.SECONDS.toNanos(1) * batch / eventsPerSecond;
    Semaphore inFlight = new Semaphore(PACED_MAX_IN_FLIGHT);
    ExecutorService senders = Executors.newFixedThreadPool(PACED_MAX_IN_FLIGHT, CeilingLoad::daemon);
    Counters counters = new Counters();
    long cellEnd = counters.start + requests * interval;
    long notSent = 0;
    for (long i = 0; i < requests; i++) {
      LockSupport.parkNanos(counters.start + i * interval - System.nanoTime());
      if (!inFlight.tryAcquire(Math.max(0, cellEnd - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        notSent = requests - i;
        break;
      }
      senders.execute(() -> {
        try {
          send(probe, counters);
        } finally {
          inFlight.release();
        }
      });
    }
    drain(senders, duration);
    return counters.totals(notSent);
  }

  /** Sends one request; the Retry-After when the node refused it at admission. */
  private Optional<Duration> send(ViewLagProbe probe, Counters counters) {
    List<String> entities = pool.draw(batch);
    long first = eventNumbers.getAndAdd(batch);
    try {
      SpreadBatchWriter.Outcome outcome = writer.write(entities, first);
      long answered = System.nanoTime();
      if (outcome.refused().isPresent()) {
        counters.refused(answered);
        return outcome.refused();
      }
      probe.accepted(outcome.accepted(), answered);
      windows.add(outcome.eventTime(), outcome.accepted());
      counters.answered(outcome, answered);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      counters.failed(System.nanoTime(), e);
    } catch (Exception e) {
      counters.failed(System.nanoTime(), e);
    }
    return Optional.empty();
  }

  private static void drain(ExecutorService pool, Duration phase) throws InterruptedException {
    pool.shutdown();
    if (!pool.awaitTermination(phase.plus(DRAIN).toMillis(), TimeUnit.MILLISECONDS)) {
      pool.shutdownNow();
      throw new IllegalStateException("ceiling load: requests still unanswered " + DRAIN + " after the phase");
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "ceiling-load");
    t.setDaemon(true);
    return t;
  }

  /** Thread-safe counts of one phase. */
  private static final class Counters {
    final long start = System.nanoTime();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong unavailable = new AtomicLong();
    final AtomicLong other = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong last = new AtomicLong(start);

    void answered(SpreadBatchWriter.Outcome outcome, long at) {
      accepted.addAndGet(outcome.accepted());
      unavailable.addAndGet(outcome.unavailable());
      other.addAndGet(outcome.other());
      last.accumulateAndGet(at, Math::max);
    }

    void refused(long at) {
      refused.incrementAndGet();
      last.accumulateAndGet(at, Math::max);
    }

    void failed(long at, Exception e) {
      if (failed.incrementAndGet() <= FAILURES_SHOWN) {
        System.err.println("ceiling load: " + e);
      }
      last.accumulateAndGet(at, Math::max);
    }

    Totals totals(long notSent) {
      long end = last.get();
      return new Totals(accepted.get(), unavailable.get(), other.get(), refused.get(), failed.get(), notSent,
          (end - start) / 1e9, end, Instant.now());
    }
  }
}
