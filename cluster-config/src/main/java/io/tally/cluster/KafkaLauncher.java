package io.tally.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a real Apache Kafka 4.x broker in KRaft mode from the {@code kafka_2.13} artifact, in its
 * own JVM with its own classpath (its Scala library never meets Akka's), bound to 127.0.0.1 only,
 * keeping every file under {@link KafkaBrokerSettings#dataDir()} (so a restart on the same folder
 * keeps the topics). The first start formats the storage with a new cluster id. Start returns only
 * once the broker has answered a metadata request.
 *
 * <p>For development and tests only: production points Tally at its own Kafka.
 */
public final class KafkaLauncher {

  private static final Logger log = LoggerFactory.getLogger(KafkaLauncher.class);
  private static final String LOG4J2 = "/io/tally/cluster/kafka-log4j2.xml";
  private static final String NODE_MAIN = "io.tally.cluster.server.KafkaNodeMain";
  /** Written by {@code kafka-storage format}; its absence means the folder is new. */
  private static final String FORMATTED_MARKER = "meta.properties";
  /** Kafka 4.x brokers run on Java 17 and later. */
  private static final int MINIMUM_JAVA = 17;
  /**
   * What {@code kafka-run-class.sh} gives a broker (G1 with short pauses), plus exiting on
   * OutOfMemoryError: a dev broker that has run out of its small heap should die, not limp.
   */
  private static final List<String> JVM_OPTIONS =
      List.of(
          "-XX:+UseG1GC",
          "-XX:MaxGCPauseMillis=20",
          "-XX:InitiatingHeapOccupancyPercent=35",
          "-XX:+ExplicitGCInvokesConcurrent",
          "-XX:+ExitOnOutOfMemoryError",
          "-Djava.awt.headless=true");
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration PROBE_INTERVAL = Duration.ofMillis(250);
  private static final int LOG_LINES_ON_FAILURE = 40;

  private KafkaLauncher() {}

  /**
   * Starts the broker and waits until it answers a metadata request.
   *
   * @throws IllegalStateException when a port is taken, the broker exits, or it does not answer
   *     within the start timeout; the broker is stopped in those cases
   */
  public static RunningKafka start(KafkaBrokerSettings settings) {
    requireFree(settings.host(), settings.port(), "client port");
    requireFree(settings.host(), settings.controllerPort(), "controller port");
    Path confDir = settings.confDir();
    Path logDir = settings.logDir();
    Path serverProperties = confDir.resolve("server.properties");
    Optional<String> newClusterId = Optional.empty();
    try {
      Files.createDirectories(confDir);
      Files.createDirectories(logDir);
      Files.createDirectories(settings.logDirs());
      Files.writeString(serverProperties, KafkaServerProperties.render(settings));
      Files.write(confDir.resolve("log4j2.xml"), ChildJvmFiles.resourceBytes(LOG4J2));
      if (!Files.exists(settings.logDirs().resolve(FORMATTED_MARKER))) {
        newClusterId = Optional.of(Uuid.randomUuid().toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka folder " + settings.dataDir(), e);
    }

    KafkaClasspath classpath = KafkaClasspath.resolve();
    List<String> command = command(settings, classpath, serverProperties, newClusterId);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(settings.dataDir().toFile())
            // stdin stays a pipe: KafkaNodeMain exits when it closes (this JVM is gone).
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("stdout.log").toFile()));
    Instant began = Instant.now();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Kafka: " + command.get(0), e);
    }
    RunningKafka broker = new RunningKafka(process, settings);
    String version = classpath.brokerVersion().orElse("4.x");
    log.info(
        "Starting Kafka {} (pid {}) on {} with data in {}{}",
        version, broker.pid(), settings.bootstrapServers(), settings.dataDir(),
        newClusterId.map(id -> ", formatting it as cluster " + id).orElse(""));
    try {
      String clusterId = awaitMetadata(broker, settings);
      Duration took = Duration.between(began, Instant.now());
      log.info(
          "Kafka {} (cluster {}) answered on {} after {} ms",
          version, clusterId, settings.bootstrapServers(), took.toMillis());
      return broker.ready(took, clusterId);
    } catch (RuntimeException e) {
      broker.stop();
      throw e;
    }
  }

  /** A free loopback port, for tests that must not collide with a broker the developer runs. */
  public static int freePort() {
    return LoopbackPorts.free();
  }

  private static List<String> command(
      KafkaBrokerSettings settings,
      KafkaClasspath classpath,
      Path serverProperties,
      Optional<String> newClusterId) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary(settings.javaHome()).toString());
    command.add("-Xms" + settings.heap());
    command.add("-Xmx" + settings.heap());
    command.addAll(JVM_OPTIONS);
    command.add("-Dlog4j2.configurationFile=" + settings.confDir().resolve("log4j2.xml"));
    command.add("-Dtally.kafka.log-dir=" + settings.logDir());
    command.add("-Dtally.kafka.watch-parent=true");
    command.add("-cp");
    command.add(classpath.asArgument());
    command.add(NODE_MAIN);
    command.add(serverProperties.toString());
    newClusterId.ifPresent(command::add);
    return command;
  }

  /** The configured Java home's, else this JVM's {@code java} (Tally itself needs 17+ too). */
  private static Path javaBinary(Optional<Path> configuredHome) {
    if (configuredHome.isEmpty() && Runtime.version().feature() < MINIMUM_JAVA) {
      throw new IllegalStateException(
          "Kafka 4 needs Java " + MINIMUM_JAVA + "+: set tally.kafka.embedded.java-home");
    }
    Path home = configuredHome.orElseGet(() -> Path.of(System.getProperty("java.home")));
    Path java = home.resolve("bin").resolve("java");
    if (!Files.isExecutable(java)) {
      throw new IllegalStateException("no bin/java under " + home);
    }
    return java;
  }

  private static String awaitMetadata(RunningKafka broker, KafkaBrokerSettings settings) {
    Instant deadline = Instant.now().plus(settings.startTimeout());
    RuntimeException lastFailure = null;
    while (Instant.now().isBefore(deadline)) {
      if (!broker.isAlive()) {
        throw new IllegalStateException(
            "Kafka exited with status " + broker.exitValue() + " during start-up; last log lines:\n"
                + tail(settings.logDir()));
      }
      // A plain TCP connect first: until the client port listens, an admin client would only
      // fill the log with connection warnings. Readiness itself is the answered metadata request.
      if (LoopbackPorts.accepts(settings.host(), settings.port(), PROBE_INTERVAL)) {
        try {
          return KafkaProbe.clusterId(settings.bootstrapServers(), PROBE_TIMEOUT);
        } catch (RuntimeException notYet) {
          lastFailure = notYet;
        }
      }
      broker.awaitExit(PROBE_INTERVAL);
    }
    throw new IllegalStateException(
        "Kafka did not answer on " + settings.bootstrapServers() + " within "
            + settings.startTimeout() + " (last error: " + lastFailure + "); last log lines:\n"
            + tail(settings.logDir()),
        lastFailure);
  }

  private static String tail(Path logDir) {
    return ChildJvmFiles.tail(logDir, List.of("stdout.log", "server.log"), LOG_LINES_ON_FAILURE);
  }

  private static void requireFree(String host, int port, String what) {
    if (!LoopbackPorts.isFree(host, port)) {
      throw new IllegalStateException(
          "cannot start Kafka: " + what + " " + host + ":" + port
              + " is already in use (another Kafka? set tally.kafka.embedded ports, or point "
              + "Tally at the running broker)");
    }
  }
}
