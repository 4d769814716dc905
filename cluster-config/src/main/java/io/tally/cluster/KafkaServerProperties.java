package io.tally.cluster;

import java.nio.file.Path;

/**
 * Renders the {@code server.properties} of the dev/test broker: one KRaft node in combined mode
 * (broker and controller in one process), both listeners on loopback. Kafka supplies the defaults
 * for everything not set here (log retention among them).
 */
final class KafkaServerProperties {

  /** The one node of the one-node quorum. */
  static final int NODE_ID = 1;
  /** One node holds every replica. */
  static final int SINGLE_NODE_REPLICATION = 1;
  /**
   * Partitions of a topic created without a count. Tally creates its topics with an explicit
   * count; anything else (a connector's own topics) gets one.
   */
  static final int DEFAULT_PARTITIONS = 1;
  /**
   * Partitions of {@code __consumer_offsets} (Kafka's default is 50). One node coordinates every
   * group anyway, and creating 50 partitions delays the first consumer group by seconds.
   */
  static final int OFFSETS_TOPIC_PARTITIONS = 1;
  /**
   * Kafka waits 3 s by default for more members before a new group's first rebalance; a dev
   * broker's groups are single consumers, and tests would wait that long on every new group.
   */
  static final int INITIAL_REBALANCE_DELAY_MS = 0;

  static final String CLIENT_LISTENER = "PLAINTEXT";
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  private KafkaServerProperties() {}

  static String render(KafkaBrokerSettings settings) {
    String host = settings.host();
    String client = CLIENT_LISTENER + "://" + host + ":" + settings.port();
    String controller = CONTROLLER_LISTENER + "://" + host + ":" + settings.controllerPort();
    return String.join(
        "\n",
        "# Written by Tally's KafkaLauncher on every start; edits here are overwritten.",
        "process.roles=broker,controller",
        "node.id=" + NODE_ID,
        // A static voter set: the quorum follows this file, so a restart on other ports still
        // finds its controller (a dynamic quorum keeps the first endpoint in its metadata log).
        "controller.quorum.voters=" + NODE_ID + "@" + host + ":" + settings.controllerPort(),
        "listeners=" + client + "," + controller,
        "advertised.listeners=" + client,
        "controller.listener.names=" + CONTROLLER_LISTENER,
        "inter.broker.listener.name=" + CLIENT_LISTENER,
        "listener.security.protocol.map="
            + CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT",
        "log.dirs=" + escaped(settings.logDirs()),
        // Topics exist because Tally (or a test) created them with the partitions it means, never
        // because a client named a topic that was not there.
        "auto.create.topics.enable=false",
        "num.partitions=" + DEFAULT_PARTITIONS,
        "default.replication.factor=" + SINGLE_NODE_REPLICATION,
        "offsets.topic.replication.factor=" + SINGLE_NODE_REPLICATION,
        "offsets.topic.num.partitions=" + OFFSETS_TOPIC_PARTITIONS,
        "transaction.state.log.replication.factor=" + SINGLE_NODE_REPLICATION,
        "transaction.state.log.min.isr=" + SINGLE_NODE_REPLICATION,
        "share.coordinator.state.topic.replication.factor=" + SINGLE_NODE_REPLICATION,
        "share.coordinator.state.topic.min.isr=" + SINGLE_NODE_REPLICATION,
        "group.initial.rebalance.delay.ms=" + INITIAL_REBALANCE_DELAY_MS,
        "");
  }

  /** A path as a value of a properties file, where a backslash starts an escape. */
  private static String escaped(Path path) {
    return path.toAbsolutePath().toString().replace("\\", "\\\\");
  }
}
