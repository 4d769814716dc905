package io.tally.http.logging;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.CoreConstants;
import java.util.function.LongSupplier;

/**
 * Writes the stack trace of a logged throwable by the node's {@link StackTraceMemory} policy: in
 * full the first time it is seen in a period, after that (or when one of its causes is a listed
 * exception: the store unreachable) as its chain of causes on one line. An outage produces the same
 * 80-line trace on every entity retry. Two traces are the same when their exceptions and first
 * frames are, cause by cause. Used in logback.xml as {@code %repeatedEx{seconds, exception class, ...}},
 * and in logback-json.xml as the JSON encoder's throwable converter.
 */
public final class RepeatedStackTraceConverter extends ThrowableHandlingConverter {

  private final ThrowableProxyConverter full = new ThrowableProxyConverter();
  private final LongSupplier nanoClock;
  private StackTraceMemory memory;

  public RepeatedStackTraceConverter() {
    this(System::nanoTime);
  }

  RepeatedStackTraceConverter(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /**
   * The same options as {@code %repeatedEx{...}}, comma-separated, for configurations that create
   * the converter as a bean (the JSON encoder's stack trace, logback-json.xml).
   */
  public void setOptions(String options) {
    setOptionList(java.util.Arrays.stream(options.split(",")).map(String::trim).toList());
  }

  @Override
  public void start() {
    memory = StackTraceMemory.of(getOptionList(), nanoClock);
    full.setContext(getContext());
    full.start();
    super.start();
  }

  @Override
  public String convert(ILoggingEvent event) {
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown == null) {
      return CoreConstants.EMPTY_STRING;
    }
    if (hasOneLineCause(thrown)) {
      return "\t" + causes(thrown) + CoreConstants.LINE_SEPARATOR;
    }
    if (memory.seenRecently(signature(thrown))) {
      return "\t" + causes(thrown) + " (same stack trace as written earlier)" + CoreConstants.LINE_SEPARATOR;
    }
    return full.convert(event);
  }

  private boolean hasOneLineCause(IThrowableProxy thrown) {
    for (IThrowableProxy t = thrown; t != null; t = t.getCause()) {
      if (memory.isOneLineCause(t.getClassName())) {
        return true;
      }
    }
    return false;
  }

  private static String signature(IThrowableProxy thrown) {
    StringBuilder signature = new StringBuilder();
    for (IThrowableProxy t = thrown; t != null; t = t.getCause()) {
      signature.append(t.getClassName());
      StackTraceElementProxy[] frames = t.getStackTraceElementProxyArray();
      if (frames != null && frames.length > 0) {
        signature.append('@').append(frames[0].getSTEAsString());
      }
      signature.append('|');
    }
    return signature.toString();
  }

  private static String causes(IThrowableProxy thrown) {
    StringBuilder line = new StringBuilder();
    for (IThrowableProxy t = thrown; t != null; t = t.getCause()) {
      if (t != thrown) {
        line.append("; caused by ");
      }
      line.append(t.getClassName());
      if (t.getMessage() != null) {
        line.append(": ").append(t.getMessage().replaceAll("\\s+", " "));
      }
    }
    return line.toString();
  }
}
