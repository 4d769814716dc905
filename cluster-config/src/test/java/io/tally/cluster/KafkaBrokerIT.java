package io.tally.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import io.tally.cluster.testing.SharedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.Rule;
import org.junit.Test;

/**
 * The dev/test Kafka broker is a real Kafka 4 broker: topics of several partitions, keyed records
 * produced to each and consumed back through a consumer group (which needs the single-node
 * replication of {@code __consumer_offsets}), no topic created by a client's use of it, and nothing
 * bound anywhere but 127.0.0.1.
 */
public class KafkaBrokerIT {

  private static final int PARTITIONS = 4;
  private static final int RECORDS_PER_PARTITION = 3;
  private static final short REPLICATION = 1;
  /** Bound on every client call; a healthy loopback broker answers in milliseconds. */
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(200);
  /** How long a producer may wait for a missing topic's metadata before giving up. */
  private static final Duration MISSING_TOPIC_BLOCK = Duration.ofSeconds(2);
  /** LISTEN in the {@code st} column of /proc/net/tcp. */
  private static final String TCP_LISTEN = "0A";
  /**
   * 127.0.0.1 as /proc/net/tcp prints it (a 32-bit word in host byte order, so either order), and
   * as an IPv4-mapped address in /proc/net/tcp6.
   */
  private static final Set<String> LOOPBACK_HEX =
      Set.of(
          "0100007F",
          "7F000001",
          "0000000000000000FFFF00000100007F",
          "0000000000000000FFFF00007F000001");

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  @Test
  public void keyedRecordsOnEachOfFourPartitionsComeBackThroughAConsumerGroup() throws Exception {
    String bootstrap = SharedKafka.bootstrapServers();
    String topic = "kafka-broker-it-keyed";
    try (Admin admin = admin(bootstrap)) {
      createTopic(admin, topic, PARTITIONS);
      TopicDescription described =
          admin.describeTopics(List.of(topic)).allTopicNames().get(timeoutMs(), TimeUnit.MILLISECONDS)
              .get(topic);
      assertEquals(PARTITIONS, described.partitions().size());

      Map<Integer, List<String>> sent = new TreeMap<>();
      try (KafkaProducer<String, String> producer = producer(bootstrap, CLIENT_TIMEOUT)) {
        for (int partition = 0; partition < PARTITIONS; partition++) {
          for (int i = 0; i < RECORDS_PER_PARTITION; i++) {
            String key = "entity-" + partition + "-" + i;
            String value = "{\"partition\":" + partition + ",\"seq\":" + i + "}";
            RecordMetadata written =
                producer.send(new ProducerRecord<>(topic, partition, key, value))
                    .get(timeoutMs(), TimeUnit.MILLISECONDS);
            assertEquals(partition, written.partition());
            assertEquals("offsets count from 0 on each partition", i, written.offset());
            sent.computeIfAbsent(partition, p -> new ArrayList<>()).add(key + "=" + value);
          }
        }
      }

      String group = topic + "-group";
      Map<Integer, List<String>> received = new TreeMap<>();
      try (KafkaConsumer<String, String> consumer = consumer(bootstrap, group)) {
        consumer.subscribe(List.of(topic));
        long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
        int count = 0;
        while (count < PARTITIONS * RECORDS_PER_PARTITION && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
            received
                .computeIfAbsent(record.partition(), p -> new ArrayList<>())
                .add(record.key() + "=" + record.value());
            count++;
          }
        }
        consumer.commitSync(CLIENT_TIMEOUT);
      }
      assertEquals("each partition's records, keyed, in offset order", sent, received);

      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
              .get(timeoutMs(), TimeUnit.MILLISECONDS);
      for (int partition = 0; partition < PARTITIONS; partition++) {
        assertEquals(
            "committed offset of partition " + partition,
            RECORDS_PER_PARTITION,
            committed.get(new TopicPartition(topic, partition)).offset());
      }
    }
  }

  @Test
  public void brokerAdvertisesLoopbackAndCreatesNoTopicOnUse() throws Exception {
    String bootstrap = SharedKafka.bootstrapServers();
    String missing = "kafka-broker-it-never-created";
    try (Admin admin = admin(bootstrap)) {
      List<Node> nodes =
          List.copyOf(admin.describeCluster().nodes().get(timeoutMs(), TimeUnit.MILLISECONDS));
      assertEquals("one node", 1, nodes.size());
      assertEquals(KafkaBrokerSettings.LOOPBACK, nodes.get(0).host());

      try (KafkaProducer<String, String> producer = producer(bootstrap, MISSING_TOPIC_BLOCK)) {
        producer.send(new ProducerRecord<>(missing, "key", "value"))
            .get(timeoutMs(), TimeUnit.MILLISECONDS);
        fail("a record was written to a topic nobody created");
      } catch (ExecutionException | org.apache.kafka.common.errors.TimeoutException expected) {
        // No metadata for the topic within max.block.ms: the broker did not create it.
      }
      Set<String> topics = admin.listTopics().names().get(timeoutMs(), TimeUnit.MILLISECONDS);
      assertFalse(topics + " holds " + missing, topics.contains(missing));
    }
  }

  @Test
  public void listensOnlyOnLoopback() throws IOException {
    SharedKafka.bootstrapServers();
    assumeTrue("the broker is external", SharedKafka.startedHere().isPresent());
    assumeTrue("no /proc/net/tcp here", Files.isReadable(Path.of("/proc/net/tcp")));
    KafkaBrokerSettings settings = SharedKafka.startedHere().get().settings();
    for (int port : List.of(settings.port(), settings.controllerPort())) {
      List<String> addresses = listeningAddresses(port);
      assertFalse("nothing listens on port " + port, addresses.isEmpty());
      for (String address : addresses) {
        assertTrue(
            "port " + port + " listens on " + address + ", not 127.0.0.1", isLoopback(address));
      }
    }
  }

  @Test
  public void restartOnTheSameFolderKeepsTopicsAndRecordsAndStopEndsTheProcess() throws Exception {
    KafkaBrokerSettings settings = SharedKafka.freshSettings("restart-keeps-topics");
    String topic = "kept";
    String clusterId;
    RunningKafka first = KafkaLauncher.start(settings);
    try (Admin admin = admin(first.bootstrapServers());
        KafkaProducer<String, String> producer = producer(first.bootstrapServers(), CLIENT_TIMEOUT)) {
      clusterId = first.clusterId();
      createTopic(admin, topic, 2);
      producer.send(new ProducerRecord<>(topic, 1, "k", "survives restart"))
          .get(timeoutMs(), TimeUnit.MILLISECONDS);
    } finally {
      first.stop();
    }
    assertFalse("stopped by its PID", first.isAlive());
    assertTrue("client port released", LoopbackPorts.isFree(settings.host(), settings.port()));
    assertTrue("storage formatted", Files.exists(settings.logDirs().resolve("meta.properties")));

    RunningKafka second = KafkaLauncher.start(settings);
    System.out.printf(
        "tally-it: private Kafka started in %d ms (formatting a new folder), again in %d ms%n",
        first.startupTime().toMillis(), second.startupTime().toMillis());
    try (Admin admin = admin(second.bootstrapServers());
        KafkaConsumer<String, String> consumer = consumer(second.bootstrapServers(), "kept-reader")) {
      assertEquals("same storage, same cluster", clusterId, second.clusterId());
      TopicDescription kept =
          admin.describeTopics(List.of(topic)).allTopicNames().get(timeoutMs(), TimeUnit.MILLISECONDS)
              .get(topic);
      assertEquals(2, kept.partitions().size());
      TopicPartition partition = new TopicPartition(topic, 1);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      List<String> values = new ArrayList<>();
      long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
      while (values.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(POLL).forEach(record -> values.add(record.value()));
      }
      assertEquals(List.of("survives restart"), values);
    } finally {
      second.stop();
    }
    assertFalse(second.isAlive());
  }

  private static void createTopic(Admin admin, String topic, int partitions) throws Exception {
    admin.createTopics(List.of(new NewTopic(topic, partitions, REPLICATION)))
        .all()
        .get(timeoutMs(), TimeUnit.MILLISECONDS);
  }

  private static Admin admin(String bootstrap) {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs());
    return Admin.create(config);
  }

  private static KafkaProducer<String, String> producer(String bootstrap, Duration maxBlock) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) maxBlock.toMillis());
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs());
    return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
  }

  private static int timeoutMs() {
    return (int) CLIENT_TIMEOUT.toMillis();
  }

  /**
   * The local addresses (hex, as the kernel prints them) of every TCP socket listening on {@code
   * port}, IPv4 and IPv6. Read from /proc rather than probed: a probe would have to connect to a
   * non-loopback address, which the tests never do.
   */
  private static List<String> listeningAddresses(int port) throws IOException {
    String hexPort = String.format("%04X", port);
    List<String> addresses = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (!Files.isReadable(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file).stream().skip(1).toList()) {
        String[] columns = line.trim().split("\\s+");
        String[] local = columns[1].split(":");
        if (local[1].equals(hexPort) && columns[3].equals(TCP_LISTEN)) {
          addresses.add(local[0]);
        }
      }
    }
    return addresses;
  }

  private static boolean isLoopback(String hexAddress) {
    return LOOPBACK_HEX.contains(hexAddress.toUpperCase());
  }
}
