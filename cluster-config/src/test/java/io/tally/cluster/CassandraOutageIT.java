package io.tally.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.AskPattern;
import akka.pattern.StatusReply;
import com.typesafe.config.Config;
import io.tally.cluster.testing.SharedCassandra;
import io.tally.cluster.testing.TestPersistenceConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;

/**
 * A Cassandra outage and recovery with the pinned driver and Netty: writes fail while the node is
 * gone, resume once it is back, and every acknowledged event is there exactly once.
 */
public class CassandraOutageIT {

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(90);
  /** The first write also creates the keyspace and tables: seconds on a loaded 2-core machine. */
  private static final Duration FIRST_WRITE_TIMEOUT = Duration.ofSeconds(60);

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  @Test
  public void writesResumeAfterCassandraIsKilledAndRestarted() throws Exception {
    CassandraNodeSettings settings = SharedCassandra.freshSettings("outage");
    RunningCassandra node = CassandraLauncher.start(settings);
    Config config =
        EventSourcedRecoveryIT.config(
            TestPersistenceConfig.forTest("outage", settings.contactPoint()));
    ActorTestKit testKit = ActorTestKit.create("outage", config);
    List<String> acknowledged = new ArrayList<>();
    try {
      ActorRef<ProbeAccount.Command> account = testKit.spawn(ProbeAccount.create("acc-outage"));
      assertTrue(deposit(testKit, account, "before", FIRST_WRITE_TIMEOUT));
      acknowledged.add("before");

      node.kill();
      assertTrue("write must fail while Cassandra is down", !deposit(testKit, account, "during"));

      node = CassandraLauncher.start(settings);
      Instant back = Instant.now();
      Instant deadline = Instant.now().plus(RECOVERY_DEADLINE);
      int attempt = 0;
      boolean resumed = false;
      while (!resumed && Instant.now().isBefore(deadline)) {
        String id = "after-" + attempt++;
        resumed = deposit(testKit, account, id);
        if (resumed) {
          acknowledged.add(id);
        }
      }
      assertTrue("writes did not resume within " + RECOVERY_DEADLINE, resumed);
      System.out.printf(
          "tally-it: writes resumed %d ms after Cassandra answered CQL again (%d attempts)%n",
          Duration.between(back, Instant.now()).toMillis(), attempt);

      TestProbe<ProbeAccount.Balance> state = testKit.createTestProbe();
      ActorRef<ProbeAccount.Command> fresh = testKit.spawn(ProbeAccount.create("acc-outage"));
      fresh.tell(new ProbeAccount.GetBalance(state.ref()));
      List<String> stored = state.receiveMessage(Duration.ofSeconds(30)).depositIds();
      assertEquals("no event stored twice", new HashSet<>(stored).size(), stored.size());
      assertTrue("every acknowledged event stored: " + stored, stored.containsAll(acknowledged));
    } finally {
      testKit.shutdownTestKit();
      node.stop();
    }
  }

  private static boolean deposit(ActorTestKit testKit, ActorRef<ProbeAccount.Command> account, String id) {
    return deposit(testKit, account, id, ASK_TIMEOUT);
  }

  private static boolean deposit(
      ActorTestKit testKit, ActorRef<ProbeAccount.Command> account, String id, Duration timeout) {
    CompletionStage<ProbeAccount.Balance> reply =
        AskPattern.askWithStatus(
            account,
            replyTo -> new ProbeAccount.Deposit(id, BigDecimal.ONE, Instant.now(), replyTo),
            timeout,
            testKit.scheduler());
    try {
      reply.toCompletableFuture().get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception failedOrTimedOut) {
      return false;
    }
  }
}
