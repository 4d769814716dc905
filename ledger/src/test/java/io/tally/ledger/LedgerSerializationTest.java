package io.tally.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.javadsl.Adapter;
import akka.pattern.StatusReply;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import akka.serialization.Serializers;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * Round trips through Akka's own serializer (jackson-cbor, Jackson 2.15 pinned by the parent):
 * BigDecimal at full precision and scale, Instants with nanoseconds, Optionals, maps, records,
 * polymorphic outcomes, actor refs and the compact key store snapshot.
 */
public class LedgerSerializationTest {

  private static final int JACKSON_CBOR = 33;
  private static final BigDecimal BIG = new BigDecimal("-12345678901234567890.123456789012345678");
  private static final Instant T = Instant.parse("2024-05-01T12:00:10.123456789Z");

  @ClassRule
  public static final TestKitJunitResource testKit = new TestKitJunitResource(TestSettings.SYSTEM);

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  private final Map<String, AttributeValue> attributes = Map.of(
      "s", AttributeValue.text("ünïcødé \uD83D\uDE00"),
      "n", AttributeValue.number(new BigDecimal("1E-30")),
      "b", AttributeValue.bool(false),
      "gone", AttributeValue.NULL_VALUE);

  @Test
  public void everyEventRoundTrips() {
    List<LedgerEvent> events = List.of(
        new EventRecorded("acct-1", "k1", T, T, T, true, BIG, attributes, Optional.of(5L), "s",
            HashChain.GENESIS, "ab"),
        new EventRecorded("acct-1", "k2", T, T, T, false, BigDecimal.ZERO, Map.of(),
            Optional.empty(), "s", "ab", "cd"),
        new EventRetracted("acct-1", "r1", T, T, T, false, "k1", 1, T, true, BIG, attributes,
            Optional.of(3L), Optional.empty(), "s", "cd", "ef"),
        new RetractionPending("acct-1", "r2", T, T, T, true, "k9", Optional.of(1L), "s", "", ""),
        new EntityTombstoned("acct-1", "d1", T, T, T, false, Optional.empty(), "s", "", ""),
        new EntityRestored("acct-1", "s1", T, T, T, false, Optional.of(2L), "s", "", ""));

    for (LedgerEvent event : events) {
      assertEquals(JACKSON_CBOR, serialization().findSerializerFor(event).identifier());
      verify(event);
    }
  }

  @Test
  public void eventRecordedManifestCarriesItsSchemaVersion() {
    EventRecorded event = new EventRecorded("a", "k", T, T, T, false, BIG, Map.of(),
        Optional.empty(), "s", "", "");

    String manifest = Serializers.manifestFor(serialization().findSerializerFor(event), event);

    assertEquals("io.tally.ledger.EventRecorded#2", manifest);
  }

  @Test
  public void stateWithEverythingRoundTrips() {
    verify(richState());
  }

  @Test
  public void summaryResultsAndRepliesRoundTrip() {
    LedgerState state = richState();
    verify(LedgerSummary.of(state, 3));
    IngestResult result = new IngestResult(List.of(
        new IngestOutcome.Accepted(1, T, T, true),
        new IngestOutcome.Accepted(2, T, T, false, true),
        new IngestOutcome.Duplicate(7),
        new IngestOutcome.Conflict("different content"),
        IngestOutcome.Rejected.of("amount.scale: too many decimals", "amount"),
        new IngestOutcome.Rejected("no field", Optional.empty()),
        new IngestOutcome.Gone(T, 4)));
    verify(result);
    verify(StatusReply.success(result));
  }

  @Test
  public void commandsRoundTrip() {
    TestProbe<StatusReply<IngestResult>> ingestProbe = testKit.createTestProbe();
    TestProbe<LedgerSummary> stateProbe = testKit.createTestProbe();
    ProposedEvent proposed = ProposedEvent.record("acct-1", "k1", T, BIG, "s")
        .withSequence(3L).withAttributes(attributes);

    verify(new LedgerEntity.Ingest(List.of(proposed,
        ProposedEvent.retract("acct-1", "r", T, "k1", "s")), ingestProbe.ref()));
    verify(new LedgerEntity.GetState(stateProbe.ref()));
    verify(new LedgerEntity.Ingest(List.of(proposed), ingestProbe.ref(), Optional.of("req-1")));
  }

  @Test
  public void ingestFromANodeWithoutRequestIdsDeserializesWithNone() throws Exception {
    TestProbe<StatusReply<IngestResult>> probe = testKit.createTestProbe();
    LedgerEntity.Ingest current = new LedgerEntity.Ingest(
        List.of(ProposedEvent.record("acct-1", "k1", T, BIG, "s")), probe.ref(), Optional.of("req-1"));
    Serializer serializer = serialization().findSerializerFor(current);
    String manifest = Serializers.manifestFor(serializer, current);
    // The command as an older node writes it: the same CBOR without the requestId field.
    ObjectMapper cbor = JacksonObjectMapperProvider.get(Adapter.toClassic(testKit.system()))
        .getOrCreate("jackson-cbor", Optional.of(new CBORFactory()));
    ObjectNode tree = (ObjectNode) cbor.readTree(serialization().serialize(current).get());
    assertTrue(tree.has("requestId"));
    tree.remove("requestId");

    Object older = serialization().deserialize(cbor.writeValueAsBytes(tree), serializer.identifier(), manifest).get();

    assertEquals(new LedgerEntity.Ingest(current.events(), probe.ref()), older);
    assertEquals(Optional.empty(), ((LedgerEntity.Ingest) older).requestId());
  }

  @Test
  public void javaSerializationIsOff() {
    assertFalse(testKit.system().settings().config()
        .getBoolean("akka.actor.allow-java-serialization"));
  }

  private LedgerState richState() {
    LedgerSettings settings = TestSettings.ledger();
    IngestPlanner planner = new IngestPlanner(settings, new LedgerEventHandler(settings));
    ProposedEvent big = ProposedEvent.record("acct-1", "big", T, BIG, "s")
        .withAttributes(attributes).withSequence(9L);
    IngestPlan plan = planner.plan(LedgerState.empty("acct-1"), List.of(
        big,
        ProposedEvent.record("acct-1", "small", T, new BigDecimal("0.000000000000000001"), "s"),
        ProposedEvent.retract("acct-1", "r-small", T, "small", "s"),
        ProposedEvent.retract("acct-1", "r-early", T, "later", "s"),
        ProposedEvent.tombstone("acct-1", "d", T, "s")), T.plusSeconds(3600));
    LedgerState state = new LedgerEventHandler(settings)
        .replay(LedgerState.empty("acct-1"), plan.events());
    assertEquals(5, state.lastSeqNr());
    return state;
  }

  private static Serialization serialization() {
    return SerializationExtension.get(Adapter.toClassic(testKit.system()));
  }

  private static <T> void verify(T message) {
    assertEquals(message, testKit.serializationTestKit().verifySerialization(message, true));
  }
}
