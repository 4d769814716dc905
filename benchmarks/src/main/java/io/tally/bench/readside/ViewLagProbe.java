package io.tally.bench.readside;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Client-side view lag of one cell, independent of the node's lag summary (whose bounded reservoir
 * of recent observations mixes cells). For every accepted request it keeps the time the client got
 * the answer and the cumulative count of accepted events including the request's own. A sampler
 * thread reads the node's count of events applied to window views every {@link #SAMPLE_INTERVAL};
 * a request whose cumulative count is covered by a sample gets lag = that sample's time − its
 * answer time. The same samples tell when every accepted event of the cell is in a view.
 *
 * <p>An approximation, said in the report: the count says how many events are in views, not which.
 * Slices apply independently and out of order, so a request's own events may land a little before
 * or after the sample that first covers its count. The answer comes after the persist, so the lag
 * starts a little later than the node's persist-to-view lag; a sample's time is when its scrape
 * returned, so each figure is late by at most one interval plus the scrape. Events answered
 * {@code unavailable} or lost with a failed request may still be persisted and applied; they
 * would make the count cover requests early (the report gives their number).
 */
public final class ViewLagProbe implements AutoCloseable {

  public static final Duration SAMPLE_INTERVAL = Duration.ofMillis(100);
  /** Requests waiting to be covered; further ones are counted, not probed (bounded memory). */
  static final int MAX_PENDING = 100_000;
  /** Longest lag the histogram holds (longer ones are clamped to it). */
  static final long MAX_LAG_MILLIS = TimeUnit.HOURS.toMillis(1);
  private static final int SIGNIFICANT_DIGITS = 3;
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  /** Lag percentiles in milliseconds; {@code censored} when some requests were never covered. */
  public record Lag(long requests, double p50, double p99, boolean censored) {}

  /**
   * How the cell ended: after how long (from the load's end) every accepted event was in a view,
   * or empty with {@code missing} events still not in one at the bound.
   */
  public record Views(Optional<Duration> completeAfter, long missing, long applied, Lag lag, long unprobed,
      long failedSamples) {}

  private record Pending(long covers, long answeredNanos) {}

  private final LongSupplier appliedEvents;
  private final long accountedFor;
  private final Duration interval;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final Histogram lags = new Histogram(1, MAX_LAG_MILLIS, SIGNIFICANT_DIGITS);
  private final Thread sampler;
  private long cumulative;
  private long unprobed;
  private long failedSamples;
  private long lastApplied;
  private boolean loadEnded;
  private long completeAtNanos;
  private volatile boolean stopped;

  /**
   * {@code appliedEvents} reads the node's count of events applied to views; {@code accountedFor}
   * is the value of that count at which every event accepted before this cell is in a view.
   */
  public ViewLagProbe(LongSupplier appliedEvents, long accountedFor, Duration interval) {
    this.appliedEvents = appliedEvents;
    this.accountedFor = accountedFor;
    this.interval = interval;
    this.lastApplied = accountedFor;
    this.sampler = new Thread(this::sampleUntilStopped, "view-lag-probe");
    sampler.setDaemon(true);
  }

  public ViewLagProbe start() {
    sampler.start();
    return this;
  }

  /** A request whose {@code events} were accepted, answered at {@code answeredNanos} (nanoTime). */
  public synchronized void accepted(int events, long answeredNanos) {
    if (events <= 0) {
      return;
    }
    cumulative += events;
    if (pending.size() < MAX_PENDING) {
      pending.addLast(new Pending(cumulative, answeredNanos));
    } else {
      unprobed++;
    }
  }

  /**
   * After the load ended at {@code loadEndNanos}: waits, at most {@code bound}, until every accepted
   * event is in a view. Requests still uncovered at the bound are recorded with their lag so far
   * (a lower bound; the percentiles are then marked censored).
   */
  public synchronized Views awaitViews(long loadEndNanos, Duration bound) throws InterruptedException {
    loadEnded = true;
    long deadline = System.nanoTime() + bound.toNanos();
    while (completeAtNanos == 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    if (completeAtNanos != 0) {
      return new Views(Optional.of(Duration.ofNanos(Math.max(0, completeAtNanos - loadEndNanos))), 0,
          lastApplied, lag(false), unprobed, failedSamples);
    }
    long now = System.nanoTime();
    boolean censored = !pending.isEmpty();
    pending.forEach(p -> record(now - p.answeredNanos()));
    pending.clear();
    long missing = cumulative - (lastApplied - accountedFor);
    return new Views(Optional.empty(), missing, lastApplied, lag(censored), unprobed, failedSamples);
  }

  /** One sample: which requests the count now covers, and whether the cell is complete. */
  void sample() {
    long applied;
    try {
      applied = appliedEvents.getAsLong();
    } catch (RuntimeException e) {
      synchronized (this) {
        failedSamples++;
      }
      return;
    }
    long at = System.nanoTime();
    synchronized (this) {
      lastApplied = Math.max(lastApplied, applied);
      long covered = lastApplied - accountedFor;
      while (!pending.isEmpty() && pending.peekFirst().covers() <= covered) {
        record(at - pending.pollFirst().answeredNanos());
      }
      if (loadEnded && completeAtNanos == 0 && covered >= cumulative) {
        completeAtNanos = at;
        notifyAll();
      }
    }
  }

  private void sampleUntilStopped() {
    long next = System.nanoTime();
    while (!stopped) {
      sample();
      next += interval.toNanos();
      LockSupport.parkNanos(next - System.nanoTime());
    }
  }

  private void record(long nanos) {
    lags.recordValue(Math.max(1, Math.min(MAX_LAG_MILLIS, TimeUnit.NANOSECONDS.toMillis(nanos))));
  }

  private Lag lag(boolean censored) {
    if (lags.getTotalCount() == 0) {
      return new Lag(0, Double.NaN, Double.NaN, censored);
    }
    return new Lag(lags.getTotalCount(), lags.getValueAtPercentile(50), lags.getValueAtPercentile(99), censored);
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    LockSupport.unpark(sampler);
    if (sampler.isAlive()) {
      sampler.join(STOP_TIMEOUT.toMillis());
    }
  }
}
