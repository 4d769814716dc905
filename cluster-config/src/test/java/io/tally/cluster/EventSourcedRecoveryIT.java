package io.tally.cluster;

import static org.junit.Assert.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.testing.TestPersistenceConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

/**
 * The pinned stack end to end on the real node: Akka 2.6.21 persistence, the Cassandra plugin on
 * driver 4.17 / Netty 4.1.x, and Jackson 2.15 CBOR for records with BigDecimal and Instant.
 */
public class EventSourcedRecoveryIT {

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  static Config config(Config persistence) {
    return ConfigFactory.parseString(
            "akka.actor.serialization-bindings { \"io.tally.cluster.ProbeAccount$Cbor\" = jackson-cbor }\n"
                + "akka.loglevel = INFO\n"
                + "akka.loggers = [\"akka.event.slf4j.Slf4jLogger\"]\n"
                + "akka.logging-filter = \"akka.event.slf4j.Slf4jLoggingFilter\"")
        .withFallback(persistence)
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  @Test
  public void entityRecoversItsStateInANewActorSystem() {
    Config config = config(TestPersistenceConfig.forTest(getClass()));
    List<BigDecimal> amounts =
        List.of(
            new BigDecimal("12.345678901234567890"),
            new BigDecimal("99999999999999999999.000000000000000001"),
            new BigDecimal("-0.5"));
    Instant at = Instant.parse("2026-11-21T10:15:30.123456789Z");

    ProbeAccount.Balance written;
    ActorTestKit first = ActorTestKit.create("recovery-1", config);
    try {
      ActorRef<ProbeAccount.Command> account = first.spawn(ProbeAccount.create("acc-1"));
      TestProbe<StatusReply<ProbeAccount.Balance>> probe = first.createTestProbe();
      for (int i = 0; i < amounts.size(); i++) {
        account.tell(new ProbeAccount.Deposit("d" + i, amounts.get(i), at.plusNanos(i), probe.ref()));
        probe.expectMessageClass(StatusReply.class, Duration.ofSeconds(30));
      }
      TestProbe<ProbeAccount.Balance> state = first.createTestProbe();
      account.tell(new ProbeAccount.GetBalance(state.ref()));
      written = state.receiveMessage();
    } finally {
      first.shutdownTestKit();
    }

    ActorTestKit second = ActorTestKit.create("recovery-2", config);
    try {
      ActorRef<ProbeAccount.Command> account = second.spawn(ProbeAccount.create("acc-1"));
      TestProbe<ProbeAccount.Balance> state = second.createTestProbe();
      account.tell(new ProbeAccount.GetBalance(state.ref()));
      ProbeAccount.Balance recovered = state.receiveMessage(Duration.ofSeconds(30));

      assertEquals(written, recovered);
      assertEquals(List.of("d0", "d1", "d2"), recovered.depositIds());
      assertEquals(
          amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add), recovered.total());
      assertEquals(at.plusNanos(2), recovered.lastAt());
    } finally {
      second.shutdownTestKit();
    }
  }
}
