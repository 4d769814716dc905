package io.tally.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.ActorPath;
import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.MemberStatus;
import akka.cluster.sharding.typed.ShardingEnvelope;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.remote.artery.ArterySettings;
import akka.serialization.SerializationExtension;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.ledger.EventBytes;
import io.tally.ledger.EventRecorded;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.LedgerState;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.ProposedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import io.tally.http.ingest.EntityCommands;
import io.tally.http.ingest.RawEvent;
import io.tally.http.ingest.SubmittedEvent;

/**
 * Ledger messages between nodes and the large-message lane of tally-cluster.conf, on a one-node
 * cluster with the node's own configuration. The paths come from Akka itself (the region that
 * Cluster Sharding starts, the reply actor that EntityRef.ask creates) and are matched by Akka's
 * own parser of the setting (ArterySettings and WildcardIndex, internal API on purpose: an Akka
 * upgrade that matches differently fails here rather than dropping messages in production). The
 * largest command and state reply the contract allows are serialized as Artery would and must fit
 * the lane's frame; the estimate that bounds commands must not undercount.
 */
public class LargeMessageLaneTest {

  private static final Config CONFIG = ConfigFactory.parseString(String.join("\n",
          "akka.remote.artery.canonical.port = 0",
          "akka.cluster.jmx.multi-mbeans-in-same-jvm = on"))
      .withFallback(ConfigFactory.load());
  /** Artery's envelope header (recipient, sender, manifest), generously. */
  private static final int HEADER_ALLOWANCE = 2048;

  @ClassRule public static final TestKitJunitResource testKit = new TestKitJunitResource(CONFIG);

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  private static final LedgerSettings LEDGER = LedgerSettings.create(CONFIG);
  private static final ArterySettings ARTERY = ArterySettings.apply(CONFIG.getConfig("akka.remote.artery"));
  private static final TestProbe<ActorPath> replyPaths = testKit.createTestProbe();
  private static ActorRef<ShardingEnvelope<LedgerEntity.Command>> region;

  @BeforeClass
  public static void joinAndStartTheRegion() {
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    replyPaths.awaitAssert(() -> {
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });
    region = ClusterSharding.get(testKit.system())
        .init(Entity.of(LedgerEntity.ENTITY_TYPE_KEY, ctx -> reportingReplyPaths(ctx.getEntityId())));
  }

  /** Stands in for the ledger entity: reports where GetState asks it to reply, and replies. */
  private static Behavior<LedgerEntity.Command> reportingReplyPaths(String entityKey) {
    return Behaviors.receive(LedgerEntity.Command.class)
        .onMessage(LedgerEntity.GetState.class, get -> {
          replyPaths.ref().tell(get.replyTo().path());
          get.replyTo().tell(LedgerSummary.of(LedgerState.empty(entityKey), 0));
          return Behaviors.same();
        })
        .build();
  }

  @Test
  public void commandsToTheRegionAndEntityAskRepliesTakeTheLargeMessageLane() throws Exception {
    ClusterSharding.get(testKit.system())
        .entityRefFor(LedgerEntity.ENTITY_TYPE_KEY, "acct/large-1")
        .ask(LedgerEntity.GetState::new, Duration.ofSeconds(10))
        .toCompletableFuture().get();
    ActorPath replyPath = replyPaths.receiveMessage();

    assertTrue("region " + region.path(), usesLargeLane(region.path()));
    assertTrue("ask reply " + replyPath, usesLargeLane(replyPath));
    assertFalse("another region", usesLargeLane(region.path().parent().child("window-views")));
    assertFalse("a plain ask reply", usesLargeLane(replyPath.parent().child("$a")));
  }

  @Test
  public void theLargestCommandAndStateFitTheLargeFrame() {
    int frame = ARTERY.Advanced().MaximumLargeFrameSize();
    ActorRef<?> replyTo = replyPaths.ref();
    List<ProposedEvent> events = WorstCase.events(LEDGER, LEDGER.maxBatchSize());
    List<List<SubmittedEvent>> commands = EntityCommands.of(LEDGER).split(
        events.stream().map(e -> SubmittedEvent.toIngest(0, e, RawEvent.line(akka.util.ByteString.emptyByteString()))).toList());
    long largestCommand = 0;
    for (List<SubmittedEvent> command : commands) {
      List<ProposedEvent> batch = command.stream().map(s -> s.event().orElseThrow()).toList();
      largestCommand = Math.max(largestCommand, bytes(new LedgerEntity.Ingest(batch, replyTo.unsafeUpcast())));
    }
    long largestState = bytes(WorstCase.summary(LEDGER));

    System.out.printf("tally-test: worst-case events split into %d commands, largest %d bytes; "
        + "worst-case state %d bytes; large frame %d bytes%n", commands.size(), largestCommand, largestState, frame);
    assertTrue("split by bytes: " + commands.size(), commands.size() > 1);
    assertTrue("command of " + largestCommand + " bytes", largestCommand + HEADER_ALLOWANCE <= frame);
    assertTrue("state of " + largestState + " bytes", largestState + HEADER_ALLOWANCE <= frame);
  }

  @Test
  public void theCommandEstimateDoesNotUndercount() {
    ActorRef<?> replyTo = replyPaths.ref();
    for (ProposedEvent event : List.of(WorstCase.event(LEDGER, 0), WorstCase.tinyAttributes(LEDGER))) {
      long estimate = EventBytes.estimate(event);
      long command = bytes(new LedgerEntity.Ingest(List.of(event), replyTo.unsafeUpcast()));
      long journal = bytes(new EventRecorded(event.entityKey(), event.idempotencyKey(), event.eventTime(),
          event.eventTime(), event.eventTime(), false, event.amount(), event.attributes(),
          Optional.of(Long.MAX_VALUE), event.source(), "0".repeat(64), "f".repeat(64)));
      assertTrue("command " + command + " > estimate " + estimate, command <= estimate);
      assertTrue("journal event " + journal + " > estimate " + estimate, journal <= estimate);
    }
  }

  private static boolean usesLargeLane(ActorPath path) {
    return ARTERY.LargeMessageDestinations()
        .find(scala.jdk.javaapi.CollectionConverters.asScala(path.getElements()))
        .isDefined();
  }

  private static long bytes(Object message) {
    return SerializationExtension.get(Adapter.toClassic(testKit.system())).serialize(message).get().length;
  }
}
