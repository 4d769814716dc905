package io.tally.http.logging;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Before;
import org.junit.Test;

public class RepeatedLogLimitTest {

  private final AtomicLong now = new AtomicLong();
  private final LoggerContext context = new LoggerContext();
  private final ListAppender<ILoggingEvent> written = new ListAppender<>();
  private RepeatedLogLimit limit;

  @Before
  public void setUp() {
    limit = new RepeatedLogLimit(now::get);
    limit.setBurst(3);
    limit.setPeriodSeconds(60);
    limit.setContext(context);
    context.addTurboFilter(limit);
    written.setContext(context);
    written.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(written);
  }

  private List<String> messages() {
    return written.list.stream().map(e -> e.getLoggerName() + " " + e.getLevel() + " " + e.getFormattedMessage())
        .toList();
  }

  @Test
  public void eachLoggerWritesItsBurstThenTheRestAreCountedInOneLine() {
    Logger noisy = context.getLogger("retry.Loop");
    Logger other = context.getLogger("other.Thing");
    for (int i = 1; i <= 500; i++) {
      noisy.warn("query failed, attempt {}", i);
    }
    other.error("something else");
    assertEquals(List.of(
        "retry.Loop WARN query failed, attempt 1",
        "retry.Loop WARN query failed, attempt 2",
        "retry.Loop WARN query failed, attempt 3",
        "other.Thing ERROR something else"), messages());

    limit.summarise();
    List<String> lines = messages();
    assertEquals(5, lines.size());
    assertTrue(lines.get(4), lines.get(4).startsWith("retry.Loop WARN 497 more warnings and errors from this logger "
        + "were dropped in the last 60 s"));
    assertTrue(lines.get(4), lines.get(4).endsWith("the last one: query failed, attempt 500"));
    limit.summarise();
    assertEquals("nothing dropped since: no line", 5, messages().size());
  }

  @Test
  public void aNewPeriodGivesTheLoggerItsBurstAgain() {
    Logger noisy = context.getLogger("retry.Loop");
    for (int i = 0; i < 5; i++) {
      noisy.warn("again");
    }
    now.addAndGet(TimeUnit.SECONDS.toNanos(60));
    noisy.warn("after a minute");
    assertEquals(4, messages().size());
    assertEquals("retry.Loop WARN after a minute", messages().get(3));
  }

  @Test
  public void infoAndBelowAreNeverLimited() {
    Logger chatty = context.getLogger("chatty");
    for (int i = 0; i < 50; i++) {
      chatty.info("step {}", i);
    }
    assertEquals(50, messages().size());
    assertEquals(Level.INFO, written.list.get(49).getLevel());
  }
}
