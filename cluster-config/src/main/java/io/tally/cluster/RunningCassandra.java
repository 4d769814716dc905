package io.tally.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Cassandra node started by {@link CassandraLauncher}; stopped through its own PID only. */
public final class RunningCassandra implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunningCassandra.class);

  private final Process process;
  private final CassandraNodeSettings settings;
  private final Duration startup;

  RunningCassandra(Process process, CassandraNodeSettings settings) {
    this(process, settings, Duration.ZERO);
  }

  private RunningCassandra(Process process, CassandraNodeSettings settings, Duration startup) {
    this.process = process;
    this.settings = settings;
    this.startup = startup;
  }

  RunningCassandra startedIn(Duration took) {
    return new RunningCassandra(process, settings, took);
  }

  public long pid() {
    return process.pid();
  }

  public CassandraNodeSettings settings() {
    return settings;
  }

  /** host:port for the driver's {@code basic.contact-points}. */
  public String contactPoint() {
    return settings.contactPoint();
  }

  /** Wall time from process start to the first answered CQL query. */
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
   * SIGTERM (Cassandra's shutdown hook flushes and closes cleanly), then SIGKILL after the stop
   * timeout. Idempotent.
   */
  public synchronized void stop() {
    if (!process.isAlive()) {
      return;
    }
    log.info("Stopping Cassandra (pid {})", pid());
    process.destroy();
    if (!awaitExit(settings.stopTimeout())) {
      log.warn("Cassandra (pid {}) did not stop within {}; killing it", pid(), settings.stopTimeout());
      process.destroyForcibly();
      awaitExit(settings.stopTimeout());
    }
    closeQuietly();
  }

  /** SIGKILL, for failure tests: no flush, no clean shutdown. */
  public synchronized void kill() {
    process.destroyForcibly();
    awaitExit(settings.stopTimeout());
    closeQuietly();
  }

  @Override
  public void close() {
    stop();
  }

  private void closeQuietly() {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // the pipe is already gone with the process
    }
  }
}
