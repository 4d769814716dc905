package io.tally.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

/** Every contract rule, each rejection naming its field and rule. */
public class EventContractTest {

  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  private final EventContract contract =
      new EventContract(TestSettings.ledger("tally.ledger.attribute-owners { tier = crm }"));

  private static ProposedEvent valid() {
    return ProposedEvent.record("acct-1", "k-1", NOW.minusSeconds(5), new BigDecimal("10.25"),
            "billing")
        .withSequence(7L)
        .withAttributes(Map.of(
            "color", AttributeValue.text("red"),
            "weight", AttributeValue.number(new BigDecimal("1.5")),
            "active", AttributeValue.bool(true),
            "old", AttributeValue.NULL_VALUE));
  }

  @Test
  public void validEventsOfEveryTypePass() {
    assertEquals(List.of(), contract.validate(valid(), NOW));
    assertEquals(List.of(), contract.validate(
        ProposedEvent.retract("acct-1", "r-1", NOW, "k-1", "billing"), NOW));
    assertEquals(List.of(), contract.validate(
        ProposedEvent.tombstone("acct-1", "d-1", NOW, "billing"), NOW));
    assertEquals(List.of(), contract.validate(
        ProposedEvent.restore("acct-1", "s-1", NOW, "billing"), NOW));
    assertEquals(List.of(), contract.validate(
        valid().withEntityKey("Az09._:@/-").withAmount(null).withAttributes(null), NOW));
  }

  @Test
  public void defaultsAreRecordAndSchemaVersionOne() {
    ProposedEvent event = new ProposedEvent("acct-1", "k", null, NOW, null, null, null, null,
        "billing", null);

    assertEquals(EventType.RECORD, event.type());
    assertEquals(Integer.valueOf(1), event.schemaVersion());
    assertEquals(List.of(), contract.validate(event, NOW));
  }

  @Test
  public void entityKeyRules() {
    assertOnly(valid().withEntityKey(null), "entityKey", "required");
    assertOnly(valid().withEntityKey(""), "entityKey", "length");
    assertOnly(valid().withEntityKey("a".repeat(201)), "entityKey", "length");
    assertOnly(valid().withEntityKey("a b"), "entityKey", "charset");
    assertOnly(valid().withEntityKey("a#b"), "entityKey", "charset");
    assertOnly(valid().withEntityKey("äcct"), "entityKey", "charset");
    assertEquals(List.of(), contract.validate(valid().withEntityKey("a".repeat(200)), NOW));
  }

  @Test
  public void entityKeysHaveNoEmptyOrDotSegments() {
    for (String key : List.of("a/../b", "../a", "a/..", "./a", "a/./b", ".", "..", "a//b", "/a", "a/")) {
      assertOnly(valid().withEntityKey(key), "entityKey", "segments");
    }
    for (String key : List.of("acc/1", "a.b/c..d", ".hidden/x", "a/...", "tenant:eu/acc-1@2")) {
      assertEquals(key, List.of(), contract.validate(valid().withEntityKey(key), NOW));
    }
  }

  @Test
  public void keysRefuseBidiZeroWidthAndFormatCharacters() {
    // U+202E right-to-left override, U+2066 isolate, U+200B zero-width space, U+200D zero-width
    // joiner, U+FEFF BOM, U+00AD soft hyphen, U+FFFF noncharacter.
    for (String hidden : List.of("\u202E", "\u2066", "\u200B", "\u200D", "\uFEFF", "\u00AD", "\uFFFF")) {
      assertOnly(valid().withIdempotencyKey("pay" + hidden + "-1"), "idempotencyKey", "printable");
      assertOnly(attributes("ti" + hidden + "er", AttributeValue.text("v")), "attributes.ti" + hidden + "er", "name");
    }
    // Other scripts and symbols outside the Basic Multilingual Plane stay allowed.
    assertEquals(List.of(), contract.validate(valid().withIdempotencyKey("支払い-١٢-\uD83D\uDCB3"), NOW));
  }

  @Test
  public void idempotencyKeyRules() {
    assertOnly(valid().withIdempotencyKey(null), "idempotencyKey", "required");
    assertOnly(valid().withIdempotencyKey(""), "idempotencyKey", "length");
    assertOnly(valid().withIdempotencyKey("k".repeat(201)), "idempotencyKey", "length");
    assertOnly(valid().withIdempotencyKey("tab\there"), "idempotencyKey", "printable");
    assertOnly(valid().withIdempotencyKey("lone\uD800"), "idempotencyKey", "printable");
    // 200 code points of 2 UTF-16 units each: the limit counts characters, not units.
    assertEquals(List.of(), contract.validate(
        valid().withIdempotencyKey("\uD83D\uDE00".repeat(200)), NOW));
    assertEquals(List.of(), contract.validate(valid().withIdempotencyKey("key with spaces é"), NOW));
  }

  @Test
  public void eventTimeRules() {
    Duration skew = Duration.ofMinutes(5);
    assertOnly(valid().withEventTime(null), "eventTime", "required");
    assertOnly(valid().withEventTime(NOW.plus(skew).plusNanos(1)), "eventTime", "future-skew");
    assertOnly(valid().withEventTime(Instant.parse("0000-12-31T23:59:59Z")), "eventTime", "range");
    assertEquals(List.of(), contract.validate(valid().withEventTime(NOW.plus(skew)), NOW));
  }

  @Test
  public void sequenceRules() {
    assertOnly(valid().withSequence(0L), "sequence", "min");
    assertOnly(valid().withSequence(-1L), "sequence", "min");
    assertEquals(List.of(), contract.validate(valid().withSequence(1L), NOW));
    assertEquals(List.of(), contract.validate(valid().withSequence(Long.MAX_VALUE), NOW));
  }

  @Test
  public void amountRules() {
    assertOnly(valid().withAmount(new BigDecimal("1".repeat(39))), "amount", "precision");
    assertOnly(valid().withAmount(new BigDecimal("1E+38")), "amount", "precision");
    assertOnly(valid().withAmount(new BigDecimal("0.0000000000000000001")), "amount", "scale");
    assertOnly(ProposedEvent.retract("acct-1", "r", NOW, "k", "billing")
        .withAmount(BigDecimal.ONE), "amount", "not-allowed");
    assertEquals(List.of(), contract.validate(
        valid().withAmount(new BigDecimal("12345678901234567890.123456789012345678")), NOW));
    assertEquals(List.of(), contract.validate(valid().withAmount(new BigDecimal("-1E+3")), NOW));
  }

  @Test
  public void attributeRules() {
    Map<String, AttributeValue> tooMany = new HashMap<>();
    for (int i = 0; i <= 100; i++) {
      tooMany.put("a" + i, AttributeValue.text("v"));
    }
    assertOnly(valid().withAttributes(tooMany), "attributes", "count");
    tooMany.remove("a0");
    assertEquals(List.of(), contract.validate(valid().withAttributes(tooMany), NOW));
    assertOnly(attributes("", AttributeValue.text("v")), "attributes.", "name");
    assertOnly(attributes("n".repeat(129), AttributeValue.text("v")), "attributes." + "n".repeat(129),
        "name");
    assertOnly(attributes("bad\nname", AttributeValue.text("v")), "attributes.bad\nname", "name");
    assertOnly(attributes("long", AttributeValue.text("v".repeat(1025))), "attributes.long",
        "value-length");
    assertOnly(ProposedEvent.tombstone("acct-1", "d", NOW, "billing")
        .withAttributes(Map.of("a", AttributeValue.text("v"))), "attributes", "not-allowed");
  }

  @Test
  public void ownedAttributesMayOnlyBeWrittenByTheirOwner() {
    assertOnly(attributes("tier", AttributeValue.text("gold")), "attributes.tier", "owner");
    assertOnly(attributes("tier", AttributeValue.NULL_VALUE), "attributes.tier", "owner");
    assertEquals(List.of(), contract.validate(
        attributes("tier", AttributeValue.text("gold")).withSource("crm"), NOW));
  }

  @Test
  public void retractsRules() {
    ProposedEvent retract = ProposedEvent.retract("acct-1", "r-1", NOW, "k-1", "billing");
    assertOnly(retract.withRetracts(null), "retracts", "required");
    assertOnly(retract.withRetracts("r-1"), "retracts", "self");
    assertOnly(retract.withRetracts("x\u0000"), "retracts", "printable");
    assertOnly(retract.withRetracts("k".repeat(201)), "retracts", "length");
    assertOnly(valid().withRetracts("k-0"), "retracts", "not-allowed");
  }

  @Test
  public void sourceAndSchemaVersionRules() {
    assertOnly(valid().withSource(null), "source", "required");
    assertOnly(valid().withSource("s".repeat(201)), "source", "length");
    assertOnly(valid().withSchemaVersion(2), "schemaVersion", "supported");
    assertOnly(valid().withSchemaVersion(0), "schemaVersion", "supported");
  }

  @Test
  public void allViolationsAreReportedInFieldOrder() {
    ProposedEvent bad = valid().withEntityKey("").withIdempotencyKey(null).withSequence(0L)
        .withSchemaVersion(9);

    List<String> fields = contract.validate(bad, NOW).stream()
        .map(ContractViolation::field).toList();

    assertEquals(List.of("entityKey", "idempotencyKey", "sequence", "schemaVersion"), fields);
  }

  @Test
  public void aViolationBecomesARejectedOutcomeNamingFieldAndRule() {
    ContractViolation violation = contract.firstViolation(valid().withSequence(0L), NOW)
        .orElseThrow();

    IngestOutcome.Rejected rejected = violation.toOutcome();

    assertEquals(Optional.of("sequence"), rejected.field());
    assertTrue(rejected.reason(), rejected.reason().startsWith("sequence.min: "));
  }

  @Test
  public void hugeExponentsAreRejectedWithoutExpandingTheNumber() {
    // setScale(0) on these would build 10^100000000 in full: minutes of CPU per event.
    assertOnly(valid().withAmount(new BigDecimal("1e100000000")), "amount", "precision");
    assertOnly(valid().withAmount(new BigDecimal("-7e2147483647")), "amount", "precision");
    assertOnly(valid().withAmount(new BigDecimal("1e-100000000")), "amount", "scale");
    // Numeric attributes: short text, but beyond what the node can store and render.
    assertOnly(attributes("n", AttributeValue.number(new BigDecimal("1e10000"))), "attributes.n", "number-range");
    assertOnly(attributes("n", AttributeValue.number(new BigDecimal("1e-10000"))), "attributes.n", "number-range");
    assertEquals(List.of(), contract.validate(attributes("n", AttributeValue.number(new BigDecimal("1e9999"))), NOW));
  }

  private ProposedEvent attributes(String name, AttributeValue value) {
    return valid().withAttributes(Map.of(name, value));
  }

  private void assertOnly(ProposedEvent event, String field, String rule) {
    List<ContractViolation> violations = contract.validate(event, NOW);
    assertEquals(violations.toString(), 1, violations.size());
    assertEquals(field, violations.get(0).field());
    assertEquals(rule, violations.get(0).rule());
    assertTrue(violations.get(0).message(), !violations.get(0).message().isBlank());
  }
}
