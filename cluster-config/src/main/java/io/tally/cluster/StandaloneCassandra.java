package io.tally.cluster;

import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the dev Cassandra node on its own, for several Tally nodes to share (the local multi-node
 * cluster of {@code cluster-config/bin/tally-local-cluster}). Settings come from {@code
 * tally.cassandra.embedded} (override with -D, e.g. {@code -Dtally.cassandra.embedded.data-dir=...
 * -Dtally.cassandra.embedded.native-port=9142}). Prints {@link #READY_LINE} and the contact point
 * once the node answers CQL; SIGTERM stops the node (it flushes) and then this JVM.
 */
public final class StandaloneCassandra {

  /** The line scripts wait for. */
  public static final String READY_LINE = "tally-cassandra: ready on ";

  private StandaloneCassandra() {}

  public static void main(String[] args) throws InterruptedException {
    CassandraNodeSettings settings =
        CassandraNodeSettings.fromConfig(
            ConfigFactory.systemProperties()
                .withFallback(ConfigFactory.parseResources("tally-cassandra.conf"))
                .resolve()
                .getConfig("tally.cassandra.embedded"));
    RunningCassandra node = CassandraLauncher.start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.stop();
                  stopped.countDown();
                },
                "tally-cassandra-stop"));
    System.out.println(READY_LINE + node.contactPoint() + " (pid " + node.pid() + ")");
    System.out.flush();
    // Runs until SIGTERM; the shutdown hook releases the latch after the node has stopped.
    stopped.await();
  }
}
