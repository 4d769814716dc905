package io.tally.cluster.testing;

import io.tally.cluster.KafkaBrokerSettings;
import io.tally.cluster.KafkaLauncher;
import io.tally.cluster.RunningKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The one Kafka broker of a test JVM, started lazily on first use from the cluster-config launcher
 * and stopped when the JVM exits (or, if the JVM is killed, by the broker's own parent watchdog).
 * Ports are free ephemeral ones, so a broker the developer already runs is never hit. Tests share
 * it by creating topics of their own names.
 *
 * <p>{@code -Dtally.it.kafka=host:port} uses an already-running broker instead.
 */
public final class SharedKafka {

  /** Points the tests at an external broker instead of starting one. */
  public static final String EXTERNAL_PROPERTY = "tally.it.kafka";
  /** Folder under which test brokers keep their files (set by Failsafe to target/it-kafka). */
  public static final String WORK_DIR_PROPERTY = "tally.it.kafka-work-dir";

  private static final String HEAP = "512m";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private static String bootstrapServers;
  private static RunningKafka started;

  private SharedKafka() {}

  /** host:port of the shared broker, starting it if this JVM has none yet. */
  public static synchronized String bootstrapServers() {
    if (bootstrapServers == null) {
      bootstrapServers =
          Optional.ofNullable(System.getProperty(EXTERNAL_PROPERTY))
              .filter(s -> !s.isBlank())
              .orElseGet(SharedKafka::startShared);
    }
    return bootstrapServers;
  }

  /** The shared broker if this JVM started it (empty before first use, or when it is external). */
  public static synchronized Optional<RunningKafka> startedHere() {
    return Optional.ofNullable(started);
  }

  /**
   * Starts a broker of the test's own (for tests that stop, kill or restart Kafka and so must not
   * disturb the shared one). The caller stops it; it is stopped at JVM exit otherwise.
   */
  public static RunningKafka startPrivate(String name) {
    return KafkaLauncher.start(freshSettings(name));
  }

  /** Settings for a fresh broker under the work dir, on free ports. */
  public static KafkaBrokerSettings freshSettings(String name) {
    Path dir = WorkDirs.fresh(WorkDirs.root(WORK_DIR_PROPERTY, "tally-it-kafka").resolve(name));
    return new KafkaBrokerSettings(
        dir,
        KafkaBrokerSettings.LOOPBACK,
        KafkaLauncher.freePort(),
        KafkaLauncher.freePort(),
        HEAP,
        START_TIMEOUT,
        STOP_TIMEOUT,
        Optional.empty());
  }

  private static String startShared() {
    // RunningKafka stops itself when this JVM exits.
    RunningKafka broker = startPrivate("shared");
    started = broker;
    System.out.printf(
        "tally-it: shared Kafka pid %d on %s, started in %d ms%n",
        broker.pid(), broker.bootstrapServers(), broker.startupTime().toMillis());
    return broker.bootstrapServers();
  }
}
