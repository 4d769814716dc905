package io.tally.http.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.function.LongSupplier;

/**
 * The message, with a stack trace a library wrote into it (Akka's restart-with-backoff warnings
 * append one to every "Restarting stream due to failure") kept by the node's
 * {@link StackTraceMemory} policy: in full the first time it is seen in a period, else reduced to
 * the message's first line. Used in logback.xml as {@code %tracedMsg{seconds, exception class, ...}}
 * in place of {@code %msg}.
 */
public final class EmbeddedStackTraceConverter extends ClassicConverter {

  private static final String FRAME = "\n\tat ";

  private final LongSupplier nanoClock;
  private StackTraceMemory memory;

  public EmbeddedStackTraceConverter() {
    this(System::nanoTime);
  }

  EmbeddedStackTraceConverter(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  @Override
  public void start() {
    memory = StackTraceMemory.of(getOptionList(), nanoClock);
    super.start();
  }

  @Override
  public String convert(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    int firstFrame = message == null ? -1 : message.indexOf(FRAME);
    if (firstFrame < 0) {
      return message;
    }
    // The trace's own first line (the exception) ends where its first frame starts.
    int traceStart = message.lastIndexOf('\n', firstFrame - 1) + 1;
    String exceptionLine = message.substring(traceStart, firstFrame);
    int frameEnd = message.indexOf('\n', firstFrame + 1);
    String signature = exceptionClass(exceptionLine) + "@"
        + message.substring(firstFrame + 1, frameEnd < 0 ? message.length() : frameEnd);
    if (memory.isOneLineCause(exceptionClass(exceptionLine)) || memory.seenRecently(signature)) {
      int firstLineEnd = message.indexOf('\n');
      return message.substring(0, firstLineEnd) + " (stack trace omitted)";
    }
    return message;
  }

  private static String exceptionClass(String exceptionLine) {
    int colon = exceptionLine.indexOf(':');
    return (colon < 0 ? exceptionLine : exceptionLine.substring(0, colon)).trim();
  }
}
