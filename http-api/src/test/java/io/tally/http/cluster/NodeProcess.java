package io.tally.http.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Tally node as its own OS process ({@code io.tally.http.Main} from the runnable layout
 * {@code target/classes} + {@code target/lib}), on fixed loopback ports that survive restarts.
 */
final class NodeProcess {

  private static final String NODE_HEAP = "-Xmx512m";

  private final int index;
  private final int httpPort;
  private final int arteryPort;
  private final int managementPort;
  private final Path configFile;
  private final Path logDir;
  private Process process;
  private Path log;
  private int incarnation;

  NodeProcess(int index, int httpPort, int arteryPort, int managementPort, Path configFile, Path logDir) {
    this.index = index;
    this.httpPort = httpPort;
    this.arteryPort = arteryPort;
    this.managementPort = managementPort;
    this.configFile = configFile;
    this.logDir = logDir;
  }

  synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(this + " is already running");
    }
    incarnation++;
    Path moduleDir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    Path classes = moduleDir.resolve("target/classes");
    Path lib = moduleDir.resolve("target/lib");
    if (!lib.toFile().isDirectory()) {
      throw new IllegalStateException("no " + lib + ": run the ITs through Maven (mvn verify packages first)");
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        NODE_HEAP,
        "-XX:+UseSerialGC",
        "-cp", classes + java.io.File.pathSeparator + lib + "/*",
        "-Dconfig.file=" + configFile,
        "-Dtally.http.port=" + httpPort,
        "-Dakka.remote.artery.canonical.port=" + arteryPort,
        "-Dakka.management.http.port=" + managementPort,
        "-Dtally.node.exit-with-pid=" + ProcessHandle.current().pid(),
        "io.tally.http.Main"));
    log = logDir.resolve("node-" + index + "-" + incarnation + ".log");
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + this, e);
    }
  }

  /** SIGKILL: no coordinated shutdown, no leaving, no flush (Process.destroyForcibly on Unix). */
  synchronized void kill(Duration timeout) {
    process.destroyForcibly();
    awaitExit(timeout);
  }

  /** SIGTERM: coordinated shutdown (hand off shards, leave the cluster), then waits for the exit. */
  synchronized void terminate(Duration timeout) {
    process.destroy();
    awaitExit(timeout);
  }

  private void awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(this + " did not exit within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The log (stdout and stderr) of the running or last incarnation. */
  synchronized Path log() {
    return log;
  }

  /** CPU time the process has used so far (user + system), as the OS reports it. */
  synchronized Duration cpuTime() {
    return process.toHandle().info().totalCpuDuration()
        .orElseThrow(() -> new IllegalStateException("the OS reports no CPU time for " + this));
  }

  Path logDir() {
    return logDir;
  }

  int index() {
    return index;
  }

  String httpBase() {
    return "http://127.0.0.1:" + httpPort;
  }

  String managementBase() {
    return "http://127.0.0.1:" + managementPort;
  }

  /** The cluster address this node has in /cluster/members. */
  String clusterAddress() {
    return "akka://tally@127.0.0.1:" + arteryPort;
  }

  @Override
  public String toString() {
    return "node-" + index + " (http " + httpPort + ", artery " + arteryPort + ", management " + managementPort + ")";
  }
}
