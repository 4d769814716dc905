package io.tally.http.cdc;

import static io.tally.http.cdc.Changes.account;
import static io.tally.http.cdc.Changes.entry;
import static io.tally.http.cdc.Changes.mysql;
import static io.tally.http.cdc.Changes.postgres;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.ledger.AttributeValue;
import io.tally.ledger.EventType;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.ProposedEvent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

/**
 * The mapping of Debezium change events to ledger events, as a Kafka consumer would call it: each
 * op, both envelope forms, Postgres and MySQL positions, composite keys, value and delta amounts,
 * what is skipped, and every bad message rejected naming its field and rule.
 */
public class DebeziumMappingTest {

  private static final String CALLER = "producer";
  private static final LedgerSettings.ContractLimits CONTRACT = LedgerSettings.create(ConfigFactory.load()).contract();
  private final DebeziumMapping mapping = mapping(ConfigFactory.empty());

  private static DebeziumMapping mapping(Config overrides) {
    return new DebeziumMapping(Changes.settings(overrides), CONTRACT);
  }

  private MappedChange map(JsonNode change) {
    return mapping.map(ChangeMessage.of("shop.public.accounts", null, Changes.bytes(change)), CALLER);
  }

  private static ProposedEvent event(MappedChange change) {
    assertTrue(change.toString(), change instanceof MappedChange.Mapped);
    return ((MappedChange.Mapped) change).event();
  }

  private static MappedChange.Rejected rejected(MappedChange change) {
    assertTrue(change.toString(), change instanceof MappedChange.Rejected);
    return (MappedChange.Rejected) change;
  }

  private static MappedChange.Skipped skipped(MappedChange change) {
    assertTrue(change.toString(), change instanceof MappedChange.Skipped);
    return (MappedChange.Skipped) change;
  }

  private static void assertRejected(MappedChange change, String field, String rule, String inMessage) {
    MappedChange.Rejected r = rejected(change);
    assertEquals(r.toString(), field, r.violation().field());
    assertEquals(r.toString(), rule, r.violation().rule());
    assertTrue(r.violation().message(), r.violation().message().contains(inMessage));
  }

  @Test
  public void aCreateRecordsTheRowAfterAsAnEventOfItsEntity() {
    MappedChange change = map(postgres("c", 1000, null, account(42, "100.50", "EUR")));
    ProposedEvent e = event(change);
    assertEquals("account/42", e.entityKey());
    assertEquals(EventType.RECORD, e.type());
    assertEquals(new BigDecimal("100.50"), e.amount());
    assertEquals(Map.of("currency", AttributeValue.text("EUR")), e.attributes());
    assertEquals("the time of the change in the database, not Debezium's", Changes.CHANGED_AT, e.eventTime());
    assertEquals(CALLER, e.source());
    assertTrue(e.idempotencyKey(), e.idempotencyKey().matches("dbz:[0-9a-f]{64}"));
    assertEquals("c", change.opLabel());
    assertEquals(Optional.of("shop.public.accounts"), change.table());
  }

  @Test
  public void theEnvelopeWithItsSchemaMapsToTheSameEventItsBalanceDecodedExactly() {
    ObjectNode plain = postgres("u", 1001, account(42, "100.50", "EUR"), account(42, "80.25", "EUR"));
    ObjectNode withSchema = Changes.withSchema(plain);
    assertNotEquals("the balance is sent as base64 bytes", "80.25",
        withSchema.get("payload").get("after").get("balance").textValue());
    ProposedEvent fromSchema = event(map(withSchema));
    assertEquals(event(map(plain)), fromSchema);
    assertEquals(new BigDecimal("-20.25"), fromSchema.amount());
  }

  @Test
  public void withoutItsSchemaAnEncodedDecimalIsRejectedSayingHowToSendIt() {
    ObjectNode change = (ObjectNode) Changes.withSchema(postgres("c", 1000, null, account(42, "100.50", "EUR")))
        .get("payload");
    assertRejected(map(change), "after.balance", "format", "decimal.handling.mode");
  }

  @Test
  public void anUpdateRecordsTheChangeOfTheAmountByDefault() {
    ProposedEvent e = event(map(postgres("u", 1002, account(42, "100.50", "EUR"), account(42, "80.25", "USD"))));
    assertEquals(new BigDecimal("-20.25"), e.amount());
    assertEquals(AttributeValue.text("USD"), e.attributes().get("currency"));
    assertEquals("SQL NULL counts as 0 in a delta", new BigDecimal("-100.50"),
        event(map(postgres("u", 1003, account(42, "100.50", "EUR"), account(42, null, "EUR")))).amount());
  }

  @Test
  public void anUpdateOfATableMappedWithAmountValueRecordsTheRowsAmount() {
    ObjectNode before = Changes.MAPPER.createObjectNode().put("id", 7).put("reading", "10.0");
    ObjectNode after = Changes.MAPPER.createObjectNode().put("id", 7).put("reading", "12.5");
    ProposedEvent e = event(map(postgres("meters", "u", 2000, before, after)));
    assertEquals("meter/7", e.entityKey());
    assertEquals(new BigDecimal("12.5"), e.amount());
    assertEquals("no before needed", new BigDecimal("12.5"),
        event(map(postgres("meters", "u", 2001, null, after))).amount());
  }

  @Test
  public void aDeltaUpdateWithoutThePreviousRowIsRejectedSayingHowToCaptureIt() {
    // Postgres with REPLICA IDENTITY DEFAULT sends no before for an update.
    assertRejected(map(postgres("u", 1004, null, account(42, "80.25", "EUR"))), "before", "required",
        "REPLICA IDENTITY FULL");
    // MySQL with binlog_row_image = MINIMAL sends only the key columns.
    ObjectNode minimal = Changes.MAPPER.createObjectNode().put("id", 42);
    MappedChange.Rejected r = rejected(map(postgres("u", 1005, minimal, account(42, "80.25", "EUR"))));
    assertEquals("before.balance", r.violation().field());
    assertEquals("the keys were worked out first", Optional.of("account/42"), r.entityKey());
    assertTrue(r.idempotencyKey().isPresent());
  }

  @Test
  public void aSnapshotReadRecordsTheRowOnceWhateverTheSnapshotsPosition() {
    ProposedEvent read = event(map(postgres("r", 500, null, account(42, "100.50", "EUR"))));
    assertEquals(new BigDecimal("100.50"), read.amount());
    assertEquals("a snapshot taken again reads the row under the same key", read.idempotencyKey(),
        event(map(postgres("r", 900, null, account(42, "100.50", "EUR")))).idempotencyKey());
    assertNotEquals(read.idempotencyKey(),
        event(map(postgres("r", 500, null, account(43, "1", "EUR")))).idempotencyKey());
    assertNotEquals("a create is keyed by its position", event(map(postgres("c", 500, null,
        account(42, "100.50", "EUR")))).idempotencyKey(), event(map(postgres("c", 900, null,
        account(42, "100.50", "EUR")))).idempotencyKey());
  }

  @Test
  public void snapshotReadsOfATableMappedToSkipThemAreSkipped() {
    ObjectNode row = Changes.MAPPER.createObjectNode().put("id", 1);
    MappedChange.Skipped s = skipped(map(postgres("imported", "r", 10, null, row)));
    assertEquals(SkipReason.SNAPSHOT_READ, s.reason());
    ProposedEvent created = event(map(postgres("imported", "c", 11, null, row)));
    assertEquals("the table's source", "erp", created.source());
    assertNull("a table without amount column records none", created.amount());
  }

  @Test
  public void aDeleteTombstonesTheRowsEntity() {
    MappedChange change = map(postgres("d", 1006, account(42, "80.25", "EUR"), null));
    ProposedEvent e = event(change);
    assertEquals(EventType.TOMBSTONE, e.type());
    assertEquals("account/42", e.entityKey());
    assertNull(e.amount());
    assertTrue(e.attributes().isEmpty());
    assertEquals("d", change.opLabel());
  }

  @Test
  public void aDeleteWithoutBeforeTakesTheRowFromTheRecordKey() {
    byte[] value = Changes.bytes(postgres("d", 1007, null, null));
    MappedChange change = mapping.map(ChangeMessage.of("shop.public.accounts", Changes.bytes(Changes.accountKey(42)),
        value), CALLER);
    assertEquals("account/42", event(change).entityKey());
    assertRejected(mapping.map(ChangeMessage.of("shop.public.accounts", null, value), CALLER), "before", "required",
        "record key");
    assertRejected(mapping.map(ChangeMessage.of("shop.public.accounts", "{".getBytes(StandardCharsets.UTF_8),
        value), CALLER), "key", "malformed_json", "record key");
  }

  @Test
  public void aKafkaTombstoneIsSkipped() {
    MappedChange.Skipped s = skipped(mapping.map(ChangeMessage.of("shop.public.accounts",
        Changes.bytes(Changes.accountKey(42)), null), CALLER));
    assertEquals(SkipReason.KAFKA_TOMBSTONE, s.reason());
    assertEquals(MappedChange.NO_OP, s.opLabel());
    assertTrue(s.detail(), s.detail().contains("shop.public.accounts"));
  }

  @Test
  public void aTruncateIsReportedWithItsTableAndNeverApplied() {
    MappedChange.Skipped s = skipped(map(postgres("t", 1008, null, null)));
    assertEquals(SkipReason.TRUNCATE, s.reason());
    assertEquals("t", s.opLabel());
    assertEquals(Optional.of("shop.public.accounts"), s.table());
    assertEquals("also of a table that is not mapped", SkipReason.TRUNCATE,
        skipped(map(postgres("unmapped", "t", 1009, null, null))).reason());
  }

  @Test
  public void theOtherMessagesOfADebeziumStreamAreSkipped() {
    ObjectNode ddl = Changes.MAPPER.createObjectNode();
    ddl.putObject("source").put("connector", "mysql").put("db", "shop");
    ddl.put("databaseName", "shop").put("ddl", "ALTER TABLE entries ADD COLUMN memo TEXT");
    ddl.putArray("tableChanges");
    assertEquals(SkipReason.SCHEMA_CHANGE, skipped(map(ddl)).reason());
    assertEquals(SkipReason.HEARTBEAT,
        skipped(map(Changes.MAPPER.createObjectNode().put("ts_ms", 1))).reason());
    ObjectNode begin = Changes.MAPPER.createObjectNode().put("status", "BEGIN").put("id", "771:1000");
    begin.putNull("event_count");
    assertEquals(SkipReason.TRANSACTION, skipped(map(begin)).reason());
    ObjectNode message = postgres("m", 1010, null, null);
    assertEquals(SkipReason.MESSAGE, skipped(map(message)).reason());
  }

  @Test
  public void aChangeDeliveredAgainMapsToTheSameKeyWhicheverWayItArrives() {
    ObjectNode change = postgres("u", 1011, account(42, "1", "EUR"), account(42, "2", "EUR"));
    String key = event(map(change)).idempotencyKey();
    assertEquals(key, event(mapping.map("http", change, Optional.empty(), CALLER)).idempotencyKey());
    ObjectNode replayed = change.deepCopy();
    ((ObjectNode) replayed.get("source")).put("version", "2.7.0.Final");
    replayed.put("ts_ms", Changes.PROCESSED_AT.plusSeconds(3600).toEpochMilli());
    assertEquals("a replay by a later Debezium, processed later", key, event(map(replayed)).idempotencyKey());
    ((ObjectNode) replayed.get("source")).put("lsn", 1012);
    assertNotEquals("another position is another change", key, event(map(replayed)).idempotencyKey());
  }

  @Test
  public void aMysqlChangeIsPlacedByBinlogFilePositionAndRow() {
    ObjectNode first = mysql("c", "mysql-bin.000003", 154, 0, null, entry("tenant-a", 7, "12.00"));
    ObjectNode second = mysql("c", "mysql-bin.000003", 154, 1, null, entry("tenant-a", 7, "12.00"));
    ProposedEvent e = event(map(first));
    assertEquals("composite keys join with /", "tenant-a/7", e.entityKey());
    assertEquals(new BigDecimal("12.00"), e.amount());
    assertNotEquals("two rows of one binlog event", e.idempotencyKey(), event(map(second)).idempotencyKey());
    assertNotEquals(e.idempotencyKey(), event(map(mysql("c", "mysql-bin.000004", 154, 0, null,
        entry("tenant-a", 7, "12.00")))).idempotencyKey());
    assertEquals(e.idempotencyKey(), event(map(first.deepCopy())).idempotencyKey());
    ObjectNode noPosition = first.deepCopy();
    ((ObjectNode) noPosition.get("source")).remove("pos");
    assertRejected(map(noPosition), "source.pos", "position", "source.file and source.pos");
  }

  @Test
  public void aCompositeKeyValueHoldingTheSeparatorIsRejected() {
    assertRejected(map(mysql("c", "mysql-bin.000003", 200, 0, null, entry("a/b", 7, "1"))), "after.tenant",
        "separator", "two rows could map to one entity");
    assertRejected(map(mysql("c", "mysql-bin.000003", 201, 0, null, entry("", 7, "1"))), "after.tenant", "empty",
        "composite");
  }

  @Test
  public void anUnavailableValueLeavesItsAttributeOut() {
    ProposedEvent e = event(map(postgres("u", 1013, account(42, "1", "EUR"),
        account(42, "1", "__debezium_unavailable_value"))));
    assertFalse("the attribute keeps its value", e.attributes().containsKey("currency"));
    assertEquals(BigDecimal.ZERO, e.amount().stripTrailingZeros());
  }

  @Test
  public void aTableNamingItsSourceAndTheConfiguredDefaultSource() {
    DebeziumMapping withDefault = mapping(ConfigFactory.parseString("tally.cdc.default-source = shop-db"));
    ProposedEvent e = event(withDefault.map("http", postgres("c", 1, null, account(1, "1", "EUR")), Optional.empty(),
        CALLER));
    assertEquals("shop-db", e.source());
  }

  @Test
  public void unparseableJsonIsRejectedAsAWhole() {
    assertRejected(mapping.map(ChangeMessage.of("t", null, "{\"op\":".getBytes(StandardCharsets.UTF_8)), CALLER),
        "$", "malformed_json", "not valid JSON");
    assertRejected(mapping.map(ChangeMessage.of("t", null, "[1]".getBytes(StandardCharsets.UTF_8)), CALLER),
        "$", "type", "JSON object");
    String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
    assertRejected(mapping.map(ChangeMessage.of("t", null, deep.getBytes(StandardCharsets.UTF_8)), CALLER),
        "$", "too_deep", "max-nesting-depth");
    DebeziumMapping small = mapping(ConfigFactory.parseString("tally.cdc.limits.max-change-size = 16"));
    assertRejected(small.map(ChangeMessage.of("t", null, Changes.bytes(postgres("c", 1, null, account(1, "1", "E")))),
        CALLER), "$", "too_large", "max-change-size");
  }

  @Test
  public void aMessageThatIsNotAChangeEventIsRejectedNamingOp() {
    ObjectNode v1Event = Changes.MAPPER.createObjectNode().put("entityKey", "acc-1").put("idempotencyKey", "k1")
        .put("eventTime", "2026-11-21T11:59:00Z");
    assertRejected(map(v1Event), "op", "required", "not a Debezium change event");
    ObjectNode flattened = account(42, "1", "EUR");
    assertRejected(map(flattened), "op", "required", "ExtractNewRecordState");
  }

  @Test
  public void anUnknownOpIsRejected() {
    assertRejected(map(postgres("x", 1, null, account(1, "1", "EUR"))), "op", "enum", "not 'x'");
    ObjectNode numeric = postgres("c", 1, null, account(1, "1", "EUR"));
    numeric.put("op", 3);
    assertRejected(map(numeric), "op", "type", "a number");
  }

  @Test
  public void aChangeOfATableThatIsNotMappedIsRejectedNamingTheConfigKey() {
    MappedChange.Rejected r = rejected(map(postgres("invoices", "c", 1, null, account(1, "1", "EUR"))));
    assertEquals("source.table", r.violation().field());
    assertEquals("unmapped", r.violation().rule());
    assertTrue(r.violation().message(), r.violation().message().contains("tally.cdc.tables.\"shop.public.invoices\""));
    assertEquals(Optional.of("shop.public.invoices"), r.table());
    assertEquals("c", r.opLabel());
  }

  @Test
  public void aMissingOrNullKeyColumnIsRejectedNamingTheColumn() {
    ObjectNode noId = account(1, "1", "EUR");
    noId.remove("id");
    assertRejected(map(postgres("c", 1, null, noId)), "after.id", "required", "not in after");
    ObjectNode nullId = account(1, "1", "EUR");
    nullId.putNull("id");
    assertRejected(map(postgres("c", 1, null, nullId)), "after.id", "required", "is null");
    ObjectNode spaced = account(1, "1", "EUR");
    spaced.put("id", "a b");
    assertRejected(map(postgres("c", 1, null, spaced)), "after.id", "entity-key", "may only contain");
  }

  @Test
  public void anAmountThatIsNotANumberIsRejectedNamingTheColumn() {
    assertRejected(map(postgres("c", 1, null, account(1, "12,50", "EUR"))), "after.balance", "format",
        "not a decimal number");
    ObjectNode bool = account(1, "1", "EUR");
    bool.put("balance", true);
    assertRejected(map(postgres("c", 1, null, bool)), "after.balance", "type", "a boolean");
    assertRejected(map(postgres("c", 1, null, account(1, "1e999999999", "EUR"))), "after.balance", "precision",
        "digits");
    ObjectNode noBalance = account(1, "1", "EUR");
    noBalance.remove("balance");
    assertRejected(map(postgres("c", 1, null, noBalance)), "after.balance", "required", "amount column");
  }

  @Test
  public void aChangeWithoutSourceOrTimeIsRejected() {
    ObjectNode noSource = postgres("c", 1, null, account(1, "1", "EUR"));
    noSource.remove("source");
    assertRejected(map(noSource), "source", "required", "source");
    ObjectNode noTime = postgres("c", 1, null, account(1, "1", "EUR"));
    ((ObjectNode) noTime.get("source")).remove("ts_ms");
    assertEquals("the envelope's ts_ms stands in", Changes.PROCESSED_AT, event(map(noTime)).eventTime());
    noTime.remove("ts_ms");
    assertRejected(map(noTime), "source.ts_ms", "required", "neither");
  }

  @Test
  public void anAttributeThatIsNotAScalarIsRejectedNamingTheColumn() {
    ObjectNode row = account(1, "1", "EUR");
    row.putArray("currency").add("EUR");
    assertRejected(map(postgres("c", 1, null, row)), "after.currency", "type", "an array");
  }

  @Test
  public void mappingsTheContractCannotTakeAreRefusedAtStartUp() {
    IllegalArgumentException prefix = assertThrows(IllegalArgumentException.class, () -> mapping(
        ConfigFactory.parseString("tally.cdc.tables.\"a.b\" { key-columns = [id], entity-key-prefix = \"x y/\" }")));
    assertTrue(prefix.getMessage(), prefix.getMessage().contains("entity-key-prefix"));
    IllegalArgumentException mode = assertThrows(IllegalArgumentException.class, () -> mapping(
        ConfigFactory.parseString("tally.cdc.tables.\"a.b\" { key-columns = [id], amount = sum }")));
    assertTrue(mode.getMessage(), mode.getMessage().contains("delta or value"));
    IllegalArgumentException keys = assertThrows(IllegalArgumentException.class, () -> mapping(
        ConfigFactory.parseString("tally.cdc.tables.\"a.b\" { key-columns = [a, b, c] }\n"
            + "tally.cdc.limits.max-key-columns = 2")));
    assertTrue(keys.getMessage(), keys.getMessage().contains("max-key-columns"));
    IllegalArgumentException attributes = assertThrows(IllegalArgumentException.class, () -> mapping(
        ConfigFactory.parseString("tally.cdc.tables.\"a.b\" { key-columns = [id], attribute-columns = ["
            + manyColumns() + "] }")));
    assertTrue(attributes.getMessage(), attributes.getMessage().contains("max-attributes"));
  }

  private static String manyColumns() {
    StringBuilder columns = new StringBuilder();
    for (int i = 0; i <= CONTRACT.maxAttributes(); i++) {
      columns.append(i == 0 ? "" : ",").append("c").append(i);
    }
    return columns.toString();
  }
}
