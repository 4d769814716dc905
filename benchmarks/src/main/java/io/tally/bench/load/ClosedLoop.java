package io.tally.bench.load;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A closed-loop load: {@code concurrency} workers, each sending its next request as soon as the
 * previous one is answered, for warm-up plus the measured window; no request is sent after the
 * window. An answer counts when it arrives inside the window (so throughput is answers per second
 * of the window, whatever the requests' length). A worker whose request was refused at admission
 * (429) waits the Retry-After the node gave before its next request, as a well-behaved producer.
 */
public final class ClosedLoop {

  /** How long the last requests may still take after the window before the load fails. */
  public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

  /** One worker's n-th request, sent and answered (or failed) before it returns. */
  @FunctionalInterface
  public interface Request {
    Answer send(int worker, long request) throws Exception;
  }

  private ClosedLoop() {}

  public static LoadResult run(String name, LoadCell cell, Duration warmUp, Duration measured, Request request)
      throws InterruptedException {
    if (cell.openLoop()) {
      throw new IllegalArgumentException("a closed loop needs requests in flight: " + cell);
    }
    LoadCounters counters = new LoadCounters(name);
    long windowStart = System.nanoTime() + warmUp.toNanos();
    long windowEnd = windowStart + measured.toNanos();
    ExecutorService workers = Executors.newFixedThreadPool(cell.concurrency(), r -> {
      Thread t = new Thread(r, "load-" + name);
      t.setDaemon(true);
      return t;
    });
    for (int w = 0; w < cell.concurrency(); w++) {
      int worker = w;
      workers.execute(() -> {
        long n = 0;
        while (System.nanoTime() < windowEnd && !Thread.currentThread().isInterrupted()) {
          long sent = System.nanoTime();
          try {
            Answer answer = request.send(worker, n++);
            long answered = System.nanoTime();
            counters.answered(answer, answered - sent, answered >= windowStart && answered < windowEnd);
            if (answered >= windowEnd) {
              counters.answeredAfterWindow();
            }
            if (answer.refused()) {
              // The node's own back-off, cut at the window's end: nothing is sent after it anyway.
              LockSupport.parkNanos(Math.min(answer.retryAfter().toNanos(), windowEnd - System.nanoTime()));
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (Exception e) {
            long failedAt = System.nanoTime();
            counters.failed(e, failedAt >= windowStart && failedAt < windowEnd);
            if (failedAt >= windowEnd) {
              counters.answeredAfterWindow();
            }
          }
        }
      });
    }
    workers.shutdown();
    if (!workers.awaitTermination(warmUp.plus(measured).plus(DRAIN_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS)) {
      workers.shutdownNow();
      throw new IllegalStateException(name + " " + cell + ": workers did not finish " + DRAIN_TIMEOUT
          + " after the window");
    }
    return counters.result(cell, 0, measured.toNanos() / 1e9);
  }
}
