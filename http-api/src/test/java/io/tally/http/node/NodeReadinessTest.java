package io.tally.http.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.Test;

public class NodeReadinessTest {

  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
      "akka.actor.provider = cluster\n"
          + "akka.remote.artery.canonical.hostname = 127.0.0.1\n"
          + "akka.remote.artery.canonical.port = 0\n"));

  @AfterClass
  public static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  public void aFailedStoreCheckNeverEchoesTheDriversErrorToTheUnauthenticatedProbe() throws Exception {
    String driverError = "All host(s) tried for query failed (tried: cassandra-3.db.internal.example/127.0.0.1:9042 (AuthenticationException: "
        + "user tally_admin))";
    NodeReadiness readiness = new NodeReadiness(testKit.system(), Duration.ofSeconds(2),
        () -> CompletableFuture.failedFuture(new IllegalStateException(driverError)));

    Readiness answer = readiness.check().toCompletableFuture().get(5, TimeUnit.SECONDS);

    String cassandra = answer.checks().get(NodeReadiness.CASSANDRA);
    assertEquals(NodeReadiness.STORE_FAILED, cassandra);
    assertFalse(answer.toString().contains("cassandra-3.db.internal.example"));
    assertFalse(answer.toString().contains("tally_admin"));
  }

  @Test
  public void aStoreThatAnswersIsOk() throws Exception {
    NodeReadiness readiness = new NodeReadiness(testKit.system(), Duration.ofSeconds(2),
        () -> CompletableFuture.completedFuture(true));
    Readiness answer = readiness.check().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals(Readiness.OK, answer.checks().get(NodeReadiness.CASSANDRA));
  }
}
