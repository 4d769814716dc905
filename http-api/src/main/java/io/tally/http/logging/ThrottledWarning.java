package io.tally.http.logging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * A warning logged at most once per interval, with how many were held back since the last one:
 * a failing dependency must not flood the log at the rate of requests.
 */
public final class ThrottledWarning {

  private final Logger log;
  private final long intervalNanos;
  private final AtomicLong lastLogged;
  private final LongAdder heldBack = new LongAdder();

  public ThrottledWarning(Logger log, Duration interval) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
    this.lastLogged = new AtomicLong(System.nanoTime() - intervalNanos);
  }

  public void warn(String message, Throwable cause) {
    long now = System.nanoTime();
    long last = lastLogged.get();
    if (now - last < intervalNanos || !lastLogged.compareAndSet(last, now)) {
      heldBack.increment();
      return;
    }
    log.warn("{} ({} similar warnings held back since the last one)", message, heldBack.sumThenReset(), cause);
  }
}
