package io.tally.bench.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load: requests sent at a fixed rate ({@link OpenLoopSchedule}) whatever the
 * answers, each asynchronously. A request refused at admission (429) is counted; the schedule
 * does not slow down for it (that is what an open loop measures). At most {@link #MAX_OUTSTANDING}
 * requests are outstanding: a request due past that is counted as not sent.
 */
public final class OpenLoop {

  /** Outstanding requests past which a due request is dropped (counted) instead of piling up connections. */
  public static final int MAX_OUTSTANDING = 1_024;
  /** How long the last requests may still take after the window before the load fails. */
  public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

  /** Sends the n-th request; the future completes with its answer or fails. */
  @FunctionalInterface
  public interface Request {
    CompletableFuture<Answer> send(long request);
  }

  private OpenLoop() {}

  public static LoadResult run(String name, LoadCell cell, double eventsPerSecond, Duration warmUp, Duration measured,
      Request request) throws InterruptedException {
    OpenLoopSchedule schedule =
        OpenLoopSchedule.of(System.nanoTime(), eventsPerSecond, cell.batchSize(), warmUp, measured);
    LoadCounters counters = new LoadCounters(name);
    Semaphore outstanding = new Semaphore(MAX_OUTSTANDING);
    long requests = schedule.requests();
    for (long i = 0; i < requests; i++) {
      LockSupport.parkNanos(schedule.dueNanos(i) - System.nanoTime());
      boolean inWindow = schedule.inWindow(i);
      if (!outstanding.tryAcquire()) {
        if (inWindow) {
          counters.notSent();
        }
        continue;
      }
      long n = i;
      CompletableFuture<Answer> answer;
      try {
        answer = request.send(n);
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
      answer.whenComplete((a, failure) -> {
        long answered = System.nanoTime();
        if (failure == null) {
          counters.answered(a, schedule.latencyNanos(n, answered), inWindow);
        } else {
          counters.failed(failure, inWindow);
        }
        outstanding.release();
      });
    }
    if (!outstanding.tryAcquire(MAX_OUTSTANDING, DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(name + " " + cell + ": requests still unanswered " + DRAIN_TIMEOUT
          + " after the window");
    }
    return counters.result(cell, eventsPerSecond, measured.toNanos() / 1e9);
  }
}
