package io.tally.http.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.KafkaLauncher;
import io.tally.cluster.RunningKafka;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.Test;

/**
 * What {@code ./tally} does when change data capture names topics and no brokers: a real broker
 * started on loopback, the change source pointed at it, and the broker stopped on close.
 */
public class KafkaConnectionIT {

  private static final long ADMIN_TIMEOUT_SECONDS = 30;

  @Test
  public void topicsWithoutBrokersStartADevelopmentBrokerThatTheSourceIsPointedAt() throws Exception {
    // A folder of its own per run: a broker started on a kept folder would still hold the topic.
    Path dir = Path.of(System.getProperty("basedir", "."), "target", "it-kafka-connection",
        UUID.randomUUID().toString()).toAbsolutePath();
    int port = KafkaLauncher.freePort();
    int controller = KafkaLauncher.freePort();
    Config config = ConfigFactory.parseString(String.join("\n",
            "tally.cdc.kafka.topics = [\"shop.public.accounts\"]",
            "tally.kafka.embedded.data-dir = \"" + dir.toString().replace("\\", "/") + "\"",
            "tally.kafka.embedded.port = " + port,
            "tally.kafka.embedded.controller-port = " + controller))
        .withFallback(ConfigFactory.load()).resolve();

    RunningKafka broker;
    try (KafkaConnection connection = KafkaConnection.open(config)) {
      broker = connection.embeddedBroker().orElseThrow();
      String bootstrap = connection.sourceConfig().getString(KafkaConnection.BOOTSTRAP_SERVERS);
      assertEquals("127.0.0.1:" + port, bootstrap);
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin.createTopics(List.of(new NewTopic("shop.public.accounts", 1, (short) 1))).all()
            .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertTrue(admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .contains("shop.public.accounts"));
      }
      assertTrue(broker.isAlive());
    }
    assertFalse("closed with the node", broker.isAlive());
  }
}
