package io.tally.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.tally.cluster.testing.SharedCassandra;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;

public class CassandraLauncherIT {

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  @Test
  public void sharedNodeAnswersCqlAsCassandra5() {
    String version = CqlProbe.releaseVersion(SharedCassandra.contactPoint(), Duration.ofSeconds(10));
    assertTrue("release version " + version, version.startsWith("5.0."));
  }

  @Test
  public void restartOnTheSameFolderKeepsTheDataAndStopEndsTheProcess() {
    CassandraNodeSettings settings = SharedCassandra.freshSettings("restart-reuses-data");
    RunningCassandra first = CassandraLauncher.start(settings);
    try (CqlSession session = session(first)) {
      session.execute(
          "CREATE KEYSPACE kept WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
      session.execute("CREATE TABLE kept.rows (id text PRIMARY KEY, value text)");
      session.execute("INSERT INTO kept.rows (id, value) VALUES ('a', 'survives restart')");
    } finally {
      first.stop();
    }
    assertFalse("stopped by its PID", first.isAlive());

    RunningCassandra second = CassandraLauncher.start(settings);
    try (CqlSession session = session(second)) {
      assertEquals(
          "survives restart",
          session.execute("SELECT value FROM kept.rows WHERE id = 'a'").one().getString("value"));
    } finally {
      second.stop();
    }
  }

  @Test
  public void refusesToStartOnAPortAlreadyInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CassandraNodeSettings settings =
          SharedCassandra.freshSettings("port-in-use")
              .withPorts(taken.getLocalPort(), CassandraLauncher.freePort());
      try {
        CassandraLauncher.start(settings).stop();
        fail("started on a taken port");
      } catch (IllegalStateException expected) {
        assertTrue(expected.getMessage(), expected.getMessage().contains("already in use"));
      }
    }
  }

  @Test
  public void refusesToBindAnythingButLoopback() {
    try {
      new CassandraNodeSettings(
          java.nio.file.Path.of("x"), "0.0.0.0", 1, 2, "1g", Duration.ZERO, Duration.ZERO,
          Optional.empty());
      fail("accepted a non-loopback host");
    } catch (IllegalArgumentException expected) {
      assertTrue(expected.getMessage().contains("loopback"));
    }
  }

  private static CqlSession session(RunningCassandra node) {
    return CqlSession.builder()
        .withConfigLoader(
            DriverConfigLoader.fromString(
                "datastax-java-driver { basic.contact-points = [\"" + node.contactPoint() + "\"]\n"
                    + "basic.load-balancing-policy.local-datacenter = datacenter1\n"
                    + "basic.request.timeout = 10s }"))
        .build();
  }
}
