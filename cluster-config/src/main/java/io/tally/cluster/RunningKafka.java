package io.tally.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka broker started by {@link KafkaLauncher}; stopped through its own process (and any process
 * it started) only, never by name. Once ready it is also stopped when this JVM exits normally; if
 * this JVM is killed, the broker's parent watchdog stops it.
 */
public final class RunningKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunningKafka.class);

  private final Process process;
  private final KafkaBrokerSettings settings;
  private final Duration startup;
  private final String clusterId;
  private final Thread stopOnExit;

  RunningKafka(Process process, KafkaBrokerSettings settings) {
    this(process, settings, Duration.ZERO, "");
  }

  private RunningKafka(
      Process process, KafkaBrokerSettings settings, Duration startup, String clusterId) {
    this.process = process;
    this.settings = settings;
    this.startup = startup;
    this.clusterId = clusterId;
    this.stopOnExit = new Thread(this::stop, "tally-kafka-stop");
  }

  /** The ready broker: its start-up time and cluster id known, stopped when this JVM exits. */
  RunningKafka ready(Duration took, String answeredClusterId) {
    RunningKafka ready = new RunningKafka(process, settings, took, answeredClusterId);
    Runtime.getRuntime().addShutdownHook(ready.stopOnExit);
    return ready;
  }

  /**
   * Leaves the stop at JVM exit to the caller, who orders it (a node stops its Kafka source, which
   * drains and commits, before the broker goes): the broker's own exit hook would run at once,
   * beside the caller's. If this JVM dies without stopping it, the broker still stops itself when
   * its stdin closes.
   */
  public RunningKafka stoppedByCaller() {
    forgetShutdownHook();
    return this;
  }

  public long pid() {
    return process.pid();
  }

  public KafkaBrokerSettings settings() {
    return settings;
  }

  /** host:port for a client's {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return settings.bootstrapServers();
  }

  /** The id the storage was formatted with (kept across restarts on the same folder). */
  public String clusterId() {
    return clusterId;
  }

  /** Wall time from process start to the first answered metadata request. */
  public Duration startupTime() {
    return startup;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  int exitValue() {
    return process.exitValue();
  }

  /** Waits up to {@code timeout} for the process to end; false if it is still running. */
  boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * SIGTERM to the broker and whatever it started (Kafka's shutdown hook closes the logs cleanly),
   * then SIGKILL to what is left after the stop timeout. Idempotent.
   */
  public synchronized void stop() {
    forgetShutdownHook();
    if (!process.isAlive()) {
      return;
    }
    log.info("Stopping Kafka (pid {})", pid());
    List<ProcessHandle> tree = process.descendants().toList();
    // Through the handle: Process.destroy() would also close the broker's stdin, and its parent
    // watchdog would take that for this JVM's death and exit on its own.
    process.toHandle().destroy();
    tree.forEach(ProcessHandle::destroy);
    if (!awaitExit(settings.stopTimeout())) {
      log.warn("Kafka (pid {}) did not stop within {}; killing it", pid(), settings.stopTimeout());
      process.destroyForcibly();
      awaitExit(settings.stopTimeout());
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    closeQuietly();
  }

  /** SIGKILL to the broker and whatever it started, for failure tests: no clean shutdown. */
  public synchronized void kill() {
    forgetShutdownHook();
    List<ProcessHandle> tree = process.descendants().toList();
    process.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    awaitExit(settings.stopTimeout());
    closeQuietly();
  }

  @Override
  public void close() {
    stop();
  }

  private void forgetShutdownHook() {
    if (Thread.currentThread() == stopOnExit) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting: the hook runs (or ran) stop() itself.
    }
  }

  private void closeQuietly() {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // the pipe is already gone with the process
    }
  }
}
