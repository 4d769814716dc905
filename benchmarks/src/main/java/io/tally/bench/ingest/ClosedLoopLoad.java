package io.tally.bench.ingest;

import io.tally.bench.report.LatencyRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load: {@code concurrency} workers, each sending its next request as soon as the
 * previous one is answered, for warm-up plus the measured window. Only requests that start and
 * finish inside the measured window count, and only their latencies are recorded.
 */
public final class ClosedLoopLoad {

  /** How long a worker's last request may still take after the window before the cell fails. */
  public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
  /** Failures printed per cell (the rest are only counted). */
  private static final int FAILURES_SHOWN = 3;

  private ClosedLoopLoad() {}

  public static LoadResult run(BatchWriter writer, LoadCell cell, String run, Duration warmUp, Duration measured)
      throws InterruptedException {
    LatencyRecorder latencies = new LatencyRecorder();
    AtomicLong events = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    AtomicLong shown = new AtomicLong();
    long start = System.nanoTime();
    long windowStart = start + warmUp.toNanos();
    long windowEnd = windowStart + measured.toNanos();
    AtomicLong eventNumbers = new AtomicLong();
    ExecutorService workers = Executors.newFixedThreadPool(cell.concurrency(), r -> {
      Thread t = new Thread(r, "load-" + writer.name());
      t.setDaemon(true);
      return t;
    });
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < cell.concurrency(); w++) {
      int worker = w;
      running.add(workers.submit(() -> {
        long request = 0;
        while (System.nanoTime() < windowEnd) {
          long first = eventNumbers.getAndAdd(cell.batchSize());
          long sent = System.nanoTime();
          try {
            writer.write(cell.entityKey(run, worker, request++), first, cell.batchSize());
            long answered = System.nanoTime();
            if (sent >= windowStart && answered <= windowEnd) {
              latencies.recordNanos(answered - sent);
              events.addAndGet(cell.batchSize());
            }
          } catch (Exception e) {
            failures.incrementAndGet();
            if (shown.incrementAndGet() <= FAILURES_SHOWN) {
              System.err.println(writer.name() + " " + cell + ": " + e);
            }
          }
        }
        return null;
      }));
    }
    workers.shutdown();
    if (!workers.awaitTermination(warmUp.plus(measured).plus(DRAIN_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS)) {
      workers.shutdownNow();
      throw new IllegalStateException(writer.name() + " " + cell + ": workers did not finish");
    }
    return new LoadResult(writer.name(), cell, events.get(), failures.get(),
        measured.toNanos() / 1e9, latencies.percentiles());
  }
}
