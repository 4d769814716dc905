package io.tally.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.pattern.StatusReply;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.ledger.IngestOutcome.Accepted;
import io.tally.ledger.IngestOutcome.Duplicate;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * The service over real Cluster Sharding on a one-node cluster. serialize-messages makes every
 * message sent to an actor (the commands through sharding) go through its serializer as if it
 * crossed the network; replies to the ask's temporary actor bypass that check, so their
 * serialization is proven in {@link LedgerSerializationTest}.
 */
public class ShardedLedgerServiceTest {

  private static final Config CONFIG = ConfigFactory.parseString(String.join("\n",
          "akka.actor.provider = cluster",
          "akka.remote.artery.canonical.hostname = 127.0.0.1",
          "akka.remote.artery.canonical.port = 0",
          "akka.actor.serialize-messages = on",
          "akka.cluster.jmx.multi-mbeans-in-same-jvm = on",
          "tally.ledger.max-batch-size = 3"))
      .withFallback(TestSettings.SYSTEM);

  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

  @ClassRule public static final TestKitJunitResource testKit = new TestKitJunitResource(CONFIG);

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  private static LedgerService service;

  @BeforeClass
  public static void joinAndInit() {
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(() -> {
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });
    service = ShardedLedgerService.init(testKit.system(), LedgerSettings.create(CONFIG),
        new ManualClock(T0.plusSeconds(10)));
  }

  @Test
  public void ingestsABatchAndReadsTheState() throws Exception {
    List<IngestOutcome> outcomes = await(service.ingest("acct-s1", List.of(
        ProposedEvent.record("acct-s1", "k1", T0, new BigDecimal("2.5"), "billing"),
        ProposedEvent.record("acct-s1", "k1", T0, new BigDecimal("2.5"), "billing"))));

    assertEquals(new Accepted(1, T0.plusSeconds(10), T0, false), outcomes.get(0));
    assertEquals(new Duplicate(1), outcomes.get(1));
    LedgerSummary summary = await(service.state("acct-s1"));
    assertEquals(new BigDecimal("2.5"), summary.balance());
    assertEquals(1, summary.lastSeqNr());
  }

  @Test
  public void entitiesAreIndependent() throws Exception {
    await(service.ingest("acct-s2", List.of(
        ProposedEvent.record("acct-s2", "k1", T0, BigDecimal.ONE, "billing"))));

    assertEquals(BigDecimal.ZERO, await(service.state("acct-s3")).balance());
  }

  @Test
  public void anEmptyBatchNeedsNoEntity() throws Exception {
    assertEquals(List.of(), await(service.ingest("acct-s4", List.of())));
  }

  @Test
  public void aBatchTheEntityCannotProcessFailsTheStage() {
    List<ProposedEvent> tooMany = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tooMany.add(ProposedEvent.record("acct-s5", "k" + i, T0, BigDecimal.ONE, "billing"));
    }
    try {
      service.ingest("acct-s5", tooMany).toCompletableFuture().join();
      throw new AssertionError("expected failure");
    } catch (CompletionException e) {
      assertTrue(e.getCause() instanceof StatusReply.ErrorMessage);
      assertTrue(e.getCause().getMessage().contains("max-batch-size"));
    }
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
  }
}
