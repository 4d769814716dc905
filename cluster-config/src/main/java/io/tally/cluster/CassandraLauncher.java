package io.tally.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
      Files.write(confDir.resolve("logback.xml"), resourceBytes(LOGBACK));
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
    String text = new String(resourceBytes(JVM_OPTIONS), StandardCharsets.UTF_8);
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
      if (accepts(settings.host(), settings.nativePort())) {
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

  private static boolean accepts(String host, int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(host, port), (int) PROBE_INTERVAL.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path logDir) {
    StringBuilder out = new StringBuilder();
    for (String name : List.of("stdout.log", "system.log")) {
      Path file = logDir.resolve(name);
      if (!Files.exists(file)) {
        continue;
      }
      try {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        out.append("--- ").append(file).append('\n');
        lines.subList(Math.max(0, lines.size() - LOG_LINES_ON_FAILURE), lines.size())
            .forEach(line -> out.append(line).append('\n'));
      } catch (IOException e) {
        out.append("(cannot read ").append(file).append(": ").append(e).append(")\n");
      }
    }
    return out.toString();
  }

  private static void requireFree(String host, int port, String what) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(host))) {
      socket.setReuseAddress(true);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start Cassandra: " + what + " " + host + ":" + port
              + " is already in use (another Cassandra? set tally.cassandra.embedded ports, or "
              + "point tally.cassandra.contact-points at the running node)");
    }
  }

  private static byte[] resourceBytes(String name) {
    try (InputStream in = CassandraLauncher.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
