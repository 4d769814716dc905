package io.tally.http.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.Test;

/** When a node starts the development Kafka broker, uses configured brokers, or has no Kafka. */
public class KafkaConnectionTest {

  private static Config config(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load()).resolve();
  }

  @Test
  public void noTopicsNeedNoKafkaEvenWithTheEmbeddedBrokerEnabled() {
    assertEquals(KafkaConnection.Need.NONE, KafkaConnection.need(config("tally.kafka.embedded.enabled = on")));
    assertTrue(KafkaConnection.open(config("")).embeddedBroker().isEmpty());
  }

  @Test
  public void topicsWithoutBrokersStartTheEmbeddedBroker() {
    assertEquals(KafkaConnection.Need.EMBEDDED, KafkaConnection.need(config("tally.cdc.kafka.topics = [a]")));
  }

  @Test
  public void configuredBrokersAreUsedAndNothingIsStarted() {
    Config external = config("tally.cdc.kafka.topics = [a]\ntally.cdc.kafka.bootstrap-servers = \"127.0.0.1:1\"");
    assertEquals(KafkaConnection.Need.EXTERNAL, KafkaConnection.need(external));
    KafkaConnection connection = KafkaConnection.open(external);
    assertTrue(connection.embeddedBroker().isEmpty());
    assertTrue(connection.sourceConfig().isEmpty());
  }

  @Test
  public void topicsWithoutBrokersAndNoEmbeddedBrokerStopTheStartNamingTheSetting() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> KafkaConnection.need(
        config("tally.cdc.kafka.topics = [a]\ntally.kafka.embedded.enabled = off")));
    assertTrue(e.getMessage(), e.getMessage().contains("tally.cdc.kafka.bootstrap-servers"));
  }

  @Test
  public void theProductionOverlayNeverStartsABroker() {
    Config prod = ConfigFactory.parseString("tally.cdc.kafka.topics = [a]")
        .withFallback(ConfigFactory.parseResources("tally-prod.conf")).withFallback(ConfigFactory.load())
        .resolve();
    assertThrows(IllegalStateException.class, () -> KafkaConnection.need(prod));
  }
}
