package io.tally.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a real Cassandra 5.0 node from the {@code cassandra-all} artifact in its own JVM, with its
 * own classpath, bound to loopback, keeping every file under {@link CassandraNodeSettings#dataDir()}
 * (so a restart on the same folder reuses the data). Start returns only once a CQL query has been
 * answered.
 */
public final class CassandraLauncher {

  private static final Logger log = LoggerFactory.getLogger(CassandraLauncher.class);
  private static final String JVM_OPTIONS = "/io/tally/cluster/cassandra-jvm17.options";
  private static final String LOGBACK = "/io/tally/cluster/cassandra-logback.xml";
  private static final String NODE_MAIN = "io.tally.cluster.server.CassandraNodeMain";
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration PROBE_INTERVAL = Duration.ofMillis(250);
  private static final int LOG_LINES_ON_FAILURE = 40;

  private CassandraLauncher() {}

  /**
   * Starts the node and waits until it answers CQL.
   *
   * @throws IllegalStateException when a port is taken, the node exits, or it does not answer
   *     within the start timeout; the node is stopped in those cases
   */
  public static RunningCassandra start(CassandraNodeSettings settings) {
    requireFree(settings.host(), settings.nativePort(), "native_transport_port");
    requireFree(settings.host(), settings.storagePort(), "storage_port");
    Path dir = settings.dataDir();
    Path confDir = dir.resolve("conf");
    Path logDir = dir.resolve("logs");
    try {
      Files.createDirectories(confDir);
      Files.createDirectories(logDir);
      Files.createDirectories(dir.resolve("triggers"));
      Files.writeString(confDir.resolve("cassandra.yaml"), CassandraYaml.render(settings));
      Files.write(confDir.resolve("logback.xml"), ChildJvmFiles.resourceBytes(LOGBACK));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Cassandra folder " + dir, e);
    }

    List<String> command = command(settings, confDir, logDir);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            // stdin stays a pipe: CassandraNodeMain exits when it closes (this JVM is gone).
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("stdout.log").toFile()));
    Instant began = Instant.now();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Cassandra: " + command.get(0), e);
    }
    RunningCassandra node = new RunningCassandra(process, settings);
    log.info(
        "Starting Cassandra (pid {}) on {} with data in {}", node.pid(), settings.contactPoint(), dir);
    try {
      String version = awaitCql(node, settings);
      Duration took = Duration.between(began, Instant.now());
      log.info("Cassandra {} answered CQL on {} after {} ms", version, settings.contactPoint(),
          took.toMillis());
      return node.startedIn(took);
    } catch (RuntimeException e) {
      node.stop();
      throw e;
    }
  }

  /** A free loopback port, for tests that must not collide with a node the developer runs. */
  public static int freePort() {
    return LoopbackPorts.free();
  }

  private static List<String> command(CassandraNodeSettings settings, Path confDir, Path logDir) {
    CassandraClasspath classpath = CassandraClasspath.resolve();
    List<String> command = new ArrayList<>();
    command.add(Java17Runtime.javaBinary(settings.javaHome()).toString());
    command.add("-Xms" + settings.heap());
    command.add("-Xmx" + settings.heap());
    command.addAll(jvmOptions());
    classpath.jammAgent().ifPresent(jamm -> command.add("-javaagent:" + jamm));
    command.add("-Dcassandra-foreground=yes");
    command.add("-Dcassandra.config=" + confDir.resolve("cassandra.yaml").toUri());
    command.add("-Dcassandra.storagedir=" + settings.dataDir());
    command.add("-Dcassandra.logdir=" + logDir);
    command.add("-Dcassandra.triggers_dir=" + settings.dataDir().resolve("triggers"));
    command.add("-Dlogback.configurationFile=" + confDir.resolve("logback.xml"));
    command.add("-Dtally.cassandra.watch-parent=true");
    command.add("-cp");
    command.add(classpath.asArgument());
    command.add(NODE_MAIN);
    return command;
  }

  private static List<String> jvmOptions() {
    String text = new String(ChildJvmFiles.resourceBytes(JVM_OPTIONS), StandardCharsets.UTF_8);
    return text.lines()
        .map(String::trim)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .collect(Collectors.toList());
  }

  private static String awaitCql(RunningCassandra node, CassandraNodeSettings settings) {
    Instant deadline = Instant.now().plus(settings.startTimeout());
    RuntimeException lastFailure = null;
    while (Instant.now().isBefore(deadline)) {
      if (!node.isAlive()) {
        throw new IllegalStateException(
            "Cassandra exited with status " + node.exitValue() + " during start-up; last log lines:\n"
                + tail(settings.dataDir().resolve("logs")));
      }
      // A plain TCP connect first: until the native port listens, a CQL attempt would only fill
      // the log with driver warnings. Readiness itself is the answered CQL query.
      if (LoopbackPorts.accepts(settings.host(), settings.nativePort(), PROBE_INTERVAL)) {
        try {
          return CqlProbe.releaseVersion(settings.contactPoint(), PROBE_TIMEOUT);
        } catch (RuntimeException notYet) {
          lastFailure = notYet;
        }
      }
      node.awaitExit(PROBE_INTERVAL);
    }
    throw new IllegalStateException(
        "Cassandra did not answer CQL on " + settings.contactPoint() + " within "
            + settings.startTimeout() + " (last error: " + lastFailure + "); last log lines:\n"
            + tail(settings.dataDir().resolve("logs")),
        lastFailure);
  }

  private static String tail(Path logDir) {
    return ChildJvmFiles.tail(logDir, List.of("stdout.log", "system.log"), LOG_LINES_ON_FAILURE);
  }

  private static void requireFree(String host, int port, String what) {
    if (!LoopbackPorts.isFree(host, port)) {
      throw new IllegalStateException(
          "cannot start Cassandra: " + what + " " + host + ":" + port
              + " is already in use (another Cassandra? set tally.cassandra.embedded ports, or "
              + "point tally.cassandra.contact-points at the running node)");
    }
  }
}
