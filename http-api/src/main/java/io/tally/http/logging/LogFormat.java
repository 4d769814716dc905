package io.tally.http.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.util.StatusPrinter;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * How the node writes its log: {@code tally.logging.format} ({@code TALLY_LOG_FORMAT}), text lines
 * (logback.xml, logback's own default) or JSON lines (logback-json.xml). Chosen once at start-up,
 * before the actor system logs anything.
 */
public enum LogFormat {
  TEXT("logback.xml"),
  JSON("logback-json.xml");

  public static final String CONFIG_PATH = "tally.logging.format";
  /** Set, logback's own choice of file wins: an operator's file is never replaced. */
  static final String LOGBACK_FILE_PROPERTY = "logback.configurationFile";

  private final String resource;

  LogFormat(String resource) {
    this.resource = resource;
  }

  public static LogFormat fromConfig(Config config) {
    String value = config.getString(CONFIG_PATH);
    for (LogFormat format : values()) {
      if (format.name().equalsIgnoreCase(value.trim())) {
        return format;
      }
    }
    throw new ConfigException.BadValue(CONFIG_PATH, "must be text or json, not '" + value + "'");
  }

  /** The logback configuration on the classpath that writes this format. */
  public String resource() {
    return resource;
  }

  /**
   * Reconfigures the process's logback for this format, unless it already writes it: text is what
   * logback loads by itself, and {@code -Dlogback.configurationFile} names a file of the operator's.
   */
  public void applyAtStartup() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (this == TEXT || System.getProperty(LOGBACK_FILE_PROPERTY) != null
        || !(factory instanceof LoggerContext context)) {
      return;
    }
    configure(context);
  }

  /** Replaces {@code context}'s configuration with this format's. */
  public void configure(LoggerContext context) {
    URL url = LogFormat.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new IllegalStateException(resource + " is not on the classpath");
    }
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(url);
    } catch (JoranException e) {
      throw new IllegalStateException("cannot configure logging from " + resource, e);
    }
    StatusPrinter.printInCaseOfErrorsOrWarnings(context);
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
