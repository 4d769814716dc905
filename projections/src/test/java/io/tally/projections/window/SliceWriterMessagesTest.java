package io.tally.projections.window;

import static org.junit.Assert.assertEquals;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.SerializationExtension;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * A repair crosses nodes when the detector and the slice's writer live on different members: its
 * messages must round-trip through the configured serializer (CBOR, never Java serialization).
 */
public class SliceWriterMessagesTest {

  private static final int JACKSON_CBOR = 33;
  private static final Instant W = Instant.parse("2026-11-21T12:00:00Z");

  @ClassRule public static final TestKitJunitResource testKit = new TestKitJunitResource();
  @Rule public final LogCapturing logCapturing = new LogCapturing();

  private final WindowKey key = new WindowKey("acct-ü", W);
  private final WindowValues values = new WindowValues(3, new BigDecimal("-12345678901234567890.000000000001"),
      -42, 1, 1);
  private final WindowView row = new WindowView("acct-ü", 5, W, values, 17, 2, W.plusNanos(123456789));

  @Test
  public void repairsAndTheirResultsRoundTripAsCbor() {
    TestProbe<RowRepairResult> probe = testKit.createTestProbe();
    SliceWriterEndpoint.Repair repair =
        new SliceWriterEndpoint.Repair(new RowRepair(key, 5, Optional.of(values), 17), probe.ref());
    List<Object> messages = List.of(repair, new RowRepair(key, 5, Optional.empty(), 0),
        new RowRepairResult.Applied(Optional.of(row), Optional.empty()),
        new RowRepairResult.Unchanged(Optional.of(row)), new RowRepairResult.Stale(18),
        new RowRepairResult.Failed("Cassandra unavailable"));
    for (Object message : messages) {
      assertEquals(JACKSON_CBOR, SerializationExtension.get(Adapter.toClassic(testKit.system()))
          .findSerializerFor(message).identifier());
      assertEquals(message, testKit.serializationTestKit().verifySerialization(message, true));
    }
  }
}
