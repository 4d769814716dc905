package io.tally.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.SerializationExtension;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.tally.ledger.internal.EventRecordedMigration;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/** A version-1 EventRecorded (field {@code occurredAt}) still reads as the current record. */
public class EventRecordedMigrationTest {

  private static final int JACKSON_CBOR = 33;
  private static final Instant T = Instant.parse("2024-05-01T12:00:10.5Z");

  @ClassRule
  public static final TestKitJunitResource testKit = new TestKitJunitResource(TestSettings.SYSTEM);

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  private final EventRecorded current = new EventRecorded("acct-1", "k1", T, T.plusSeconds(1),
      Instant.parse("2024-05-01T12:00:00Z"), false, new BigDecimal("10.000000000000000001"),
      Map.of("tier", AttributeValue.text("gold")), Optional.of(4L), "billing", HashChain.GENESIS,
      "abc");

  @Test
  public void version1CborWithOccurredAtDeserializesIntoTheCurrentRecord() throws Exception {
    ObjectMapper cbor = JacksonObjectMapperProvider.get(testKit.system())
        .getOrCreate("jackson-cbor", Optional.of(new CBORFactory()));
    ObjectNode v1 = cbor.valueToTree(current);
    v1.set("occurredAt", v1.remove("eventTime"));
    byte[] v1Bytes = cbor.writeValueAsBytes(v1);

    Object read = SerializationExtension.get(Adapter.toClassic(testKit.system()))
        .deserialize(v1Bytes, JACKSON_CBOR, "io.tally.ledger.EventRecorded").get();

    assertEquals(current, read);
  }

  @Test
  public void theMigrationRenamesOnlyForOlderVersions() {
    EventRecordedMigration migration = new EventRecordedMigration();
    ObjectNode old = new ObjectMapper().createObjectNode().put("occurredAt", "t").put("x", 1);

    ObjectNode migrated = (ObjectNode) migration.transform(1, old.deepCopy());
    ObjectNode untouched = (ObjectNode) migration.transform(2, old.deepCopy());

    assertEquals(2, migration.currentVersion());
    assertEquals("t", migrated.get("eventTime").asText());
    assertFalse(migrated.has("occurredAt"));
    assertTrue(untouched.has("occurredAt"));
  }
}
