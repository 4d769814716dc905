package io.tally.http.logging;

import static org.junit.Assert.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class EmbeddedStackTraceConverterTest {

  private static final String TRACE = "Restarting stream due to failure [1]: java.io.IOException: gone\n"
      + "java.io.IOException: gone\n\tat a.B.c(B.java:1)\n\tat a.B.d(B.java:2)\n";

  private final AtomicLong now = new AtomicLong();
  private final LoggerContext context = new LoggerContext();

  private EmbeddedStackTraceConverter converter(String... options) {
    EmbeddedStackTraceConverter converter = new EmbeddedStackTraceConverter(now::get);
    converter.setContext(context);
    converter.setOptionList(List.of(options));
    converter.start();
    return converter;
  }

  private String convert(EmbeddedStackTraceConverter converter, String message) {
    return converter.convert(new LoggingEvent(getClass().getName(), context.getLogger("t"), Level.WARN, message,
        null, null));
  }

  @Test
  public void aTraceInTheMessageIsKeptTheFirstTimeThenReducedToTheFirstLine() {
    EmbeddedStackTraceConverter converter = converter("60");
    assertEquals(TRACE, convert(converter, TRACE));
    assertEquals("Restarting stream due to failure [1]: java.io.IOException: gone (stack trace omitted)",
        convert(converter, TRACE));
    now.addAndGet(TimeUnit.SECONDS.toNanos(60));
    assertEquals(TRACE, convert(converter, TRACE));
  }

  @Test
  public void aTraceOfAListedExceptionIsAlwaysReduced() {
    assertEquals("Restarting stream due to failure [1]: java.io.IOException: gone (stack trace omitted)",
        convert(converter("60", "java.io.IOException"), TRACE));
  }

  @Test
  public void messagesWithoutATraceAreUntouched() {
    EmbeddedStackTraceConverter converter = converter("60", "java.io.IOException");
    assertEquals("two\nlines", convert(converter, "two\nlines"));
    assertEquals("one line", convert(converter, "one line"));
  }
}
