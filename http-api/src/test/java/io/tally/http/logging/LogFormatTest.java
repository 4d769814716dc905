package io.tally.http.logging;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import org.junit.Test;

/** tally.logging.format chooses the logback configuration, and json writes one JSON object a line. */
public class LogFormatTest {

  @Test
  public void theConfigSwitchSelectsTheFormatTextByDefault() {
    assertEquals(LogFormat.TEXT, LogFormat.fromConfig(ConfigFactory.load()));
    assertEquals(LogFormat.JSON, LogFormat.fromConfig(ConfigFactory.parseString("tally.logging.format = json")));
    assertEquals(LogFormat.JSON, LogFormat.fromConfig(ConfigFactory.parseString("tally.logging.format = \" JSON\"")));
    assertEquals(LogFormat.TEXT, LogFormat.fromConfig(ConfigFactory.parseString("tally.logging.format = text")));
    ConfigException bad = assertThrows(ConfigException.BadValue.class,
        () -> LogFormat.fromConfig(ConfigFactory.parseString("tally.logging.format = xml")));
    assertTrue(bad.getMessage(), bad.getMessage().contains("tally.logging.format") && bad.getMessage().contains("xml"));
  }

  @Test
  public void eachFormatLoadsItsOwnLogbackConfiguration() {
    LoggerContext json = new LoggerContext();
    LogFormat.JSON.configure(json);
    assertTrue(JsonLines.consoleEncoder(json) instanceof LoggingEventCompositeJsonEncoder);
    assertTrue("the same outage limits as the text format", !json.getTurboFilterList().isEmpty());

    LoggerContext text = new LoggerContext();
    LogFormat.TEXT.configure(text);
    assertTrue(JsonLines.consoleEncoder(text) instanceof PatternLayoutEncoder);
  }

  @Test
  public void theClisJsonConfigurationWritesJsonToStderr() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogFormatTest.class.getClassLoader().getResource("tally-audit-logback-json.xml"));

    ConsoleAppender<ILoggingEvent> stderr =
        (ConsoleAppender<ILoggingEvent>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
    assertEquals("System.err", stderr.getTarget());
    assertTrue(stderr.getEncoder() instanceof LoggingEventCompositeJsonEncoder);
  }

  @Test
  public void aJsonLineHoldsTimestampLevelLoggerThreadMessageMdcAndStackTrace() throws Exception {
    Encoder<ILoggingEvent> encoder = JsonLines.jsonEncoder();
    LoggerContext context = new LoggerContext();
    LoggingEvent event = new LoggingEvent(LogFormatTest.class.getName(), context.getLogger("io.tally.Some"),
        Level.ERROR, "failed for {}\nsecond line \"quoted\"", new IllegalStateException("boom"),
        new Object[] {"acc-1"});
    event.setMDCPropertyMap(Map.of("requestId", "req-1", "entityKey", "acc-1"));

    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

    assertTrue(line.endsWith("\n"));
    assertFalse("one line per event", line.substring(0, line.length() - 1).contains("\n"));
    JsonNode json = new ObjectMapper().readTree(line);
    assertTrue(json.get("timestamp").asText().endsWith("Z"));
    assertEquals("ERROR", json.get("level").asText());
    assertEquals("io.tally.Some", json.get("logger").asText());
    assertEquals(Thread.currentThread().getName(), json.get("thread").asText());
    assertEquals("failed for acc-1\nsecond line \"quoted\"", json.get("message").asText());
    assertEquals("req-1", json.get("requestId").asText());
    assertEquals("acc-1", json.get("entityKey").asText());
    assertTrue(json.get("stack_trace").asText(), json.get("stack_trace").asText()
        .contains("java.lang.IllegalStateException: boom"));
  }
}
