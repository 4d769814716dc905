package io.tally.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.junit.Test;

public class KafkaServerPropertiesTest {

  private static final KafkaBrokerSettings SETTINGS =
      new KafkaBrokerSettings(
          Path.of("/tmp/tally-kafka"), "127.0.0.1", 19092, 19093, "512m", Duration.ofSeconds(60),
          Duration.ofSeconds(30), Optional.empty());

  @Test
  public void bothListenersAreOnLoopbackOnly() throws IOException {
    Properties server = render(SETTINGS);
    assertEquals(
        "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093", server.getProperty("listeners"));
    assertEquals("PLAINTEXT://127.0.0.1:19092", server.getProperty("advertised.listeners"));
    assertEquals("1@127.0.0.1:19093", server.getProperty("controller.quorum.voters"));
    assertEquals("broker,controller", server.getProperty("process.roles"));
  }

  @Test
  public void singleNodeSettings() throws IOException {
    Properties server = render(SETTINGS);
    assertEquals("false", server.getProperty("auto.create.topics.enable"));
    assertEquals("1", server.getProperty("num.partitions"));
    assertEquals("1", server.getProperty("offsets.topic.replication.factor"));
    assertEquals("1", server.getProperty("transaction.state.log.replication.factor"));
    assertEquals("1", server.getProperty("transaction.state.log.min.isr"));
    assertEquals("/tmp/tally-kafka/data", server.getProperty("log.dirs"));
  }

  @Test
  public void refusesAnyHostButLoopback() {
    for (String host : new String[] {"0.0.0.0", "localhost", "::1"}) {
      try {
        new KafkaBrokerSettings(
            Path.of("x"), host, 1, 2, "512m", Duration.ZERO, Duration.ZERO, Optional.empty());
        fail("accepted " + host);
      } catch (IllegalArgumentException expected) {
        assertTrue(expected.getMessage(), expected.getMessage().contains("127.0.0.1 only"));
      }
    }
  }

  @Test
  public void refusesOnePortForBothListeners() {
    try {
      SETTINGS.withPorts(19092, 19092);
      fail("accepted one port for both listeners");
    } catch (IllegalArgumentException expected) {
      assertTrue(expected.getMessage(), expected.getMessage().contains("two ports"));
    }
  }

  @Test
  public void shippedDefaultsAreASmallBrokerOnTheUsualPorts() {
    KafkaBrokerSettings defaults =
        KafkaBrokerSettings.fromConfig(
            ConfigFactory.parseResources("tally-kafka.conf").resolve()
                .getConfig("tally.kafka.embedded"));
    assertEquals("127.0.0.1:9092", defaults.bootstrapServers());
    assertEquals(9093, defaults.controllerPort());
    assertEquals("512m", defaults.heap());
    assertEquals(Optional.empty(), defaults.javaHome());
    assertTrue(defaults.dataDir().isAbsolute());
  }

  private static Properties render(KafkaBrokerSettings settings) throws IOException {
    Properties server = new Properties();
    server.load(new StringReader(KafkaServerProperties.render(settings)));
    return server;
  }
}
