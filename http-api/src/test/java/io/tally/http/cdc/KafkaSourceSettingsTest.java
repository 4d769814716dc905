package io.tally.http.cdc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.Test;

/** {@code tally.cdc.kafka}: off by default, topics required when on, kafka-clients passed through by Kafka's names. */
public class KafkaSourceSettingsTest {

  private static KafkaSourceSettings of(String hocon) {
    return KafkaSourceSettings.fromConfig(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.load()));
  }

  @Test
  public void offUnlessBootstrapServersIsSet() {
    KafkaSourceSettings defaults = of("");
    assertFalse(defaults.enabled());
    assertEquals("earliest", defaults.kafkaClients().get("auto.offset.reset"));
  }

  @Test
  public void onWithTopicsAndKafkaClientPropertiesQuotedOrNested() {
    KafkaSourceSettings s = of("""
        tally.cdc.kafka.bootstrap-servers = "127.0.0.1:9092"
        tally.cdc.kafka.topics = ["a", "b"]
        tally.cdc.kafka.kafka-clients { "security.protocol" = SSL, fetch.min.bytes = 1024 }
        """);
    assertTrue(s.enabled());
    assertEquals(List.of("a", "b"), s.topics());
    assertEquals("SSL", s.kafkaClients().get("security.protocol"));
    assertEquals("1024", s.kafkaClients().get("fetch.min.bytes"));
    assertEquals("earliest", s.kafkaClients().get("auto.offset.reset"));
  }

  @Test
  public void bootstrapServersWithoutTopicsIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> of("tally.cdc.kafka.bootstrap-servers = \"127.0.0.1:9092\""));
    assertTrue(e.getMessage(), e.getMessage().contains("tally.cdc.kafka.topics"));
  }
}
