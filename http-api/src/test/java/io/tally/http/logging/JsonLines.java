package io.tally.http.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test appender that encodes every event at once (on the logging thread, with its MDC) with the
 * encoder of {@code logback-json.xml}, as the node would write it.
 */
final class JsonLines extends AppenderBase<ILoggingEvent> {

  final List<String> lines = new CopyOnWriteArrayList<>();
  private final Encoder<ILoggingEvent> encoder;

  JsonLines(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  /** The encoder of logback-json.xml's console appender, configured in a context of its own. */
  static Encoder<ILoggingEvent> jsonEncoder() {
    LoggerContext context = new LoggerContext();
    LogFormat.JSON.configure(context);
    return consoleEncoder(context);
  }

  /** The encoder behind the root logger's ASYNC appender of {@code context}. */
  static Encoder<ILoggingEvent> consoleEncoder(LoggerContext context) {
    AsyncAppender async = (AsyncAppender) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("ASYNC");
    return ((OutputStreamAppender<ILoggingEvent>) async.getAppender("STDOUT")).getEncoder();
  }

  @Override
  protected void append(ILoggingEvent event) {
    lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
  }
}
