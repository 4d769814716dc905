package io.tally.http.logging;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class RepeatedStackTraceConverterTest {

  private final AtomicLong now = new AtomicLong();
  private final LoggerContext context = new LoggerContext();

  private RepeatedStackTraceConverter converter(String... options) {
    RepeatedStackTraceConverter converter = new RepeatedStackTraceConverter(now::get);
    converter.setContext(context);
    converter.setOptionList(List.of(options));
    converter.start();
    return converter;
  }

  private LoggingEvent event(Throwable thrown) {
    return new LoggingEvent(getClass().getName(), context.getLogger("test"), Level.ERROR, "failed", thrown, null);
  }

  private static Throwable failure(String message) {
    return new IllegalStateException(message, new java.io.IOException("disk gone"));
  }

  private static long lines(String text) {
    return text.lines().count();
  }

  @Test
  public void aRepeatedTraceIsWrittenInFullOncePerPeriodThenAsOneLineOfCauses() {
    RepeatedStackTraceConverter converter = converter("60");
    String first = converter.convert(event(failure("first")));
    String again = converter.convert(event(failure("second")));
    assertTrue(first, lines(first) > 3);
    assertEquals(again, 1, lines(again));
    assertEquals("\tjava.lang.IllegalStateException: second; caused by java.io.IOException: disk gone "
        + "(same stack trace as written earlier)", again.stripTrailing());

    now.addAndGet(TimeUnit.SECONDS.toNanos(60));
    assertTrue("a new period writes it in full again", lines(converter.convert(event(failure("third")))) > 3);
  }

  @Test
  public void aDifferentTraceIsWrittenInFull() {
    RepeatedStackTraceConverter converter = converter("60");
    converter.convert(event(failure("first")));
    String other = converter.convert(event(new UnsupportedOperationException("other")));
    assertTrue(other, lines(other) > 1);
  }

  @Test
  public void aFailureCausedByAListedExceptionIsAlwaysOneLine() {
    RepeatedStackTraceConverter converter = converter("60", "java.io.IOException");
    String line = converter.convert(event(failure("store\nunreachable")));
    assertEquals("\tjava.lang.IllegalStateException: store unreachable; caused by java.io.IOException: disk gone",
        line.stripTrailing());
  }

  @Test
  public void thePatternInLogbackXmlListsItsOneLineCauses() throws Exception {
    String xml = new String(getClass().getResourceAsStream("/logback.xml").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    java.util.regex.Matcher pattern = java.util.regex.Pattern.compile("<pattern>(.*)</pattern>").matcher(xml);
    assertTrue(pattern.find());
    context.putObject(ch.qos.logback.core.CoreConstants.PATTERN_RULE_REGISTRY,
        new java.util.HashMap<>(java.util.Map.of("repeatedEx", RepeatedStackTraceConverter.class.getName(),
            "tracedMsg", EmbeddedStackTraceConverter.class.getName())));
    ch.qos.logback.classic.PatternLayout layout = new ch.qos.logback.classic.PatternLayout();
    layout.setContext(context);
    layout.setPattern(pattern.group(1));
    layout.start();
    String written = layout.doLayout(event(new IllegalStateException("journal write failed",
        new com.datastax.oss.driver.api.core.DriverTimeoutException("Query timed out after PT10S"))));
    assertEquals(written, 2, lines(written));
    assertTrue(written, written.contains("caused by com.datastax.oss.driver.api.core.DriverTimeoutException"));
  }

  @Test
  public void noThrowableWritesNothing() {
    assertEquals("", converter("60").convert(
        new LoggingEvent(getClass().getName(), context.getLogger("test"), Level.WARN, "plain", null, null)));
  }
}
