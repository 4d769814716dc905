package io.tally.http.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.tally.cluster.KafkaBrokerSettings;
import io.tally.cluster.KafkaLauncher;
import io.tally.cluster.RunningKafka;
import java.util.Optional;

/**
 * Where the Kafka change source's brokers are: the configured {@code tally.cdc.kafka.bootstrap-servers},
 * or, for development, a broker started here when topics are named without brokers and {@code
 * tally.kafka.embedded.enabled} allows it (stopped by {@link #close()}). No topics: no Kafka at all,
 * and no broker is started.
 */
public final class KafkaConnection implements AutoCloseable {

  static final String BOOTSTRAP_SERVERS = "tally.cdc.kafka.bootstrap-servers";
  static final String TOPICS = "tally.cdc.kafka.topics";
  static final String EMBEDDED = "tally.kafka.embedded";

  /** What a node's configuration asks of Kafka. */
  enum Need {
    /** No Kafka change source. */
    NONE,
    /** The configured brokers. */
    EXTERNAL,
    /** The development broker, started by this process. */
    EMBEDDED
  }

  private final Optional<RunningKafka> embedded;

  private KafkaConnection(Optional<RunningKafka> embedded) {
    this.embedded = embedded;
  }

  /**
   * What {@code config} needs.
   *
   * @throws IllegalStateException when topics are named, no brokers are, and the embedded broker
   *     is disabled (production): the change source would silently never run
   */
  static Need need(Config config) {
    boolean topics = !config.getStringList(TOPICS).isEmpty();
    boolean brokers = !config.getString(BOOTSTRAP_SERVERS).isBlank();
    if (brokers || !topics) {
      return brokers ? Need.EXTERNAL : Need.NONE;
    }
    if (!config.getBoolean(EMBEDDED + ".enabled")) {
      throw new IllegalStateException(TOPICS + " names topics but " + BOOTSTRAP_SERVERS
          + " is empty and the embedded Kafka broker is disabled: name the brokers to consume from");
    }
    return Need.EMBEDDED;
  }

  /** Starts the development broker when {@link #need} says so; otherwise connects to nothing here. */
  public static KafkaConnection open(Config config) {
    if (need(config) != Need.EMBEDDED) {
      return new KafkaConnection(Optional.empty());
    }
    // Main stops it after the node (whose Kafka source drains and commits first), not at once on exit.
    RunningKafka broker = KafkaLauncher.start(KafkaBrokerSettings.fromConfig(config.getConfig(EMBEDDED)));
    return new KafkaConnection(Optional.of(broker.stoppedByCaller()));
  }

  public Optional<RunningKafka> embeddedBroker() {
    return embedded;
  }

  /** Points the change source at the broker started here (empty config when none was). */
  public Config sourceConfig() {
    return embedded
        .map(broker -> ConfigFactory.empty()
            .withValue(BOOTSTRAP_SERVERS, ConfigValueFactory.fromAnyRef(broker.bootstrapServers())))
        .orElse(ConfigFactory.empty());
  }

  /** Stops the broker, if this connection started one. */
  @Override
  public void close() {
    embedded.ifPresent(RunningKafka::stop);
  }
}
