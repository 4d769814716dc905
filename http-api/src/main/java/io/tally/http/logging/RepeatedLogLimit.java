package io.tally.http.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Bounds the log of a node whose environment is failing: each logger may write {@code burst}
 * warnings and errors per {@code periodSeconds}; past that they are counted, and at the end of
 * the period one line says how many were dropped and what the last one said. A Cassandra outage
 * makes every retry loop of the node (eventsByTag queries, the driver's reconnection, the tag
 * writers) warn at its own pace: thousands of lines a minute, and the first ones, which say what
 * happened, scroll away. Configured in logback.xml; INFO and below pass untouched.
 */
public final class RepeatedLogLimit extends TurboFilter {

  /** Loggers tracked at once; past it the least recently seen is forgotten (its count lost). */
  private static final int MAX_TRACKED_LOGGERS = 1024;
  /** The summary quotes the last dropped message up to this length. */
  private static final int MAX_QUOTED_CHARS = 500;

  private int burst = 3;
  private long periodSeconds = 60;
  private final LongSupplier nanoClock;
  private final Map<String, Budget> budgets = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Budget> eldest) {
      return size() > MAX_TRACKED_LOGGERS;
    }
  };
  /** Set while this filter writes its own summary lines, which must not be counted. */
  private final ThreadLocal<Boolean> summarising = ThreadLocal.withInitial(() -> false);
  private ScheduledExecutorService summaries;

  /** One logger's period: when it began, lines let through and dropped, the last one dropped. */
  private static final class Budget {
    final Logger logger;
    long periodStart;
    int passed;
    long dropped;
    Level lastLevel;
    String lastMessage;

    Budget(Logger logger, long periodStart) {
      this.logger = logger;
      this.periodStart = periodStart;
    }
  }

  private record Summary(Logger logger, Level level, String text) {}

  public RepeatedLogLimit() {
    this(System::nanoTime);
  }

  RepeatedLogLimit(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  public void setBurst(int burst) {
    this.burst = burst;
  }

  public void setPeriodSeconds(long periodSeconds) {
    this.periodSeconds = periodSeconds;
  }

  @Override
  public void start() {
    summaries = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "tally-log-limit");
      thread.setDaemon(true);
      return thread;
    });
    summaries.scheduleAtFixedRate(this::summarise, periodSeconds, periodSeconds, TimeUnit.SECONDS);
    super.start();
  }

  @Override
  public void stop() {
    if (summaries != null) {
      summaries.shutdownNow();
    }
    super.stop();
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
      Throwable t) {
    // No format: an isWarnEnabled()-style question (Netty asks one per buffer), not a line.
    // The logger's effective level, not isEnabledFor: that asks the turbo filters again.
    if (format == null || !level.isGreaterOrEqual(Level.WARN) || !level.isGreaterOrEqual(logger.getEffectiveLevel())
        || summarising.get()) {
      return FilterReply.NEUTRAL;
    }
    synchronized (budgets) {
      long now = nanoClock.getAsLong();
      Budget budget = budgets.computeIfAbsent(logger.getName(), name -> new Budget(logger, now));
      if (now - budget.periodStart >= TimeUnit.SECONDS.toNanos(periodSeconds)) {
        budget.periodStart = now;
        budget.passed = 0;
      }
      if (budget.passed < burst) {
        budget.passed++;
        return FilterReply.NEUTRAL;
      }
      budget.dropped++;
      budget.lastLevel = level;
      String message = MessageFormatter.arrayFormat(format, params).getMessage();
      budget.lastMessage = message.length() > MAX_QUOTED_CHARS ? message.substring(0, MAX_QUOTED_CHARS) + "…" : message;
    }
    return FilterReply.DENY;
  }

  /** Writes one line per logger that dropped lines since the last summary. */
  void summarise() {
    List<Summary> due = new ArrayList<>();
    synchronized (budgets) {
      for (Budget budget : budgets.values()) {
        if (budget.dropped > 0) {
          due.add(new Summary(budget.logger, budget.lastLevel, budget.dropped + " more warnings and errors from "
              + "this logger were dropped in the last " + periodSeconds + " s (at most " + burst
              + " are written per period); the last one: " + budget.lastMessage));
          budget.dropped = 0;
        }
      }
    }
    summarising.set(true);
    try {
      for (Summary summary : due) {
        if (summary.level() == Level.ERROR) {
          summary.logger().error(summary.text());
        } else {
          summary.logger().warn(summary.text());
        }
      }
    } finally {
      summarising.set(false);
    }
  }
}
