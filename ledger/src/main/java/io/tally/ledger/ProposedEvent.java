package io.tally.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An incoming event as parsed from the v1 contract (docs/ledger.md), not yet validated. The HTTP
 * layer builds it from JSON (filling {@code source} with the authenticated caller when absent) and
 * calls {@link EventContract#validate}; the entity validates again, with its own clock.
 *
 * <p>Absent optional fields are null, except: {@code type} defaults to {@link EventType#RECORD},
 * {@code schemaVersion} to 1, {@code attributes} to empty. Attribute values are never Java null:
 * JSON null is {@link AttributeValue#NULL_VALUE} (a null value given here becomes that too).
 */
public record ProposedEvent(
    String entityKey,
    String idempotencyKey,
    EventType type,
    Instant eventTime,
    Long sequence,
    BigDecimal amount,
    Map<String, AttributeValue> attributes,
    String retracts,
    String source,
    Integer schemaVersion) {

  public static final int DEFAULT_SCHEMA_VERSION = 1;

  public ProposedEvent {
    type = type == null ? EventType.RECORD : type;
    schemaVersion = schemaVersion == null ? DEFAULT_SCHEMA_VERSION : schemaVersion;
    attributes = sortedCopy(attributes);
  }

  public static ProposedEvent record(
      String entityKey, String idempotencyKey, Instant eventTime, BigDecimal amount, String source) {
    return new ProposedEvent(
        entityKey, idempotencyKey, EventType.RECORD, eventTime, null, amount, null, null, source,
        null);
  }

  public static ProposedEvent retract(
      String entityKey, String idempotencyKey, Instant eventTime, String retracts, String source) {
    return new ProposedEvent(
        entityKey, idempotencyKey, EventType.RETRACT, eventTime, null, null, null, retracts,
        source, null);
  }

  public static ProposedEvent tombstone(
      String entityKey, String idempotencyKey, Instant eventTime, String source) {
    return new ProposedEvent(
        entityKey, idempotencyKey, EventType.TOMBSTONE, eventTime, null, null, null, null, source,
        null);
  }

  public static ProposedEvent restore(
      String entityKey, String idempotencyKey, Instant eventTime, String source) {
    return new ProposedEvent(
        entityKey, idempotencyKey, EventType.RESTORE, eventTime, null, null, null, null, source,
        null);
  }

  public ProposedEvent withEntityKey(String value) {
    return new ProposedEvent(value, idempotencyKey, type, eventTime, sequence, amount, attributes,
        retracts, source, schemaVersion);
  }

  public ProposedEvent withIdempotencyKey(String value) {
    return new ProposedEvent(entityKey, value, type, eventTime, sequence, amount, attributes,
        retracts, source, schemaVersion);
  }

  public ProposedEvent withType(EventType value) {
    return new ProposedEvent(entityKey, idempotencyKey, value, eventTime, sequence, amount,
        attributes, retracts, source, schemaVersion);
  }

  public ProposedEvent withEventTime(Instant value) {
    return new ProposedEvent(entityKey, idempotencyKey, type, value, sequence, amount, attributes,
        retracts, source, schemaVersion);
  }

  public ProposedEvent withSequence(Long value) {
    return new ProposedEvent(entityKey, idempotencyKey, type, eventTime, value, amount, attributes,
        retracts, source, schemaVersion);
  }

  public ProposedEvent withAmount(BigDecimal value) {
    return new ProposedEvent(entityKey, idempotencyKey, type, eventTime, sequence, value,
        attributes, retracts, source, schemaVersion);
  }

  public ProposedEvent withAttributes(Map<String, AttributeValue> value) {
    return new ProposedEvent(entityKey, idempotencyKey, type, eventTime, sequence, amount, value,
        retracts, source, schemaVersion);
  }

  public ProposedEvent withRetracts(String value) {
    return new ProposedEvent(entityKey, idempotencyKey, type, eventTime, sequence, amount,
        attributes, value, source, schemaVersion);
  }

  public ProposedEvent withSource(String value) {
    return new ProposedEvent(entityKey, idempotencyKey, type, eventTime, sequence, amount,
        attributes, retracts, value, schemaVersion);
  }

  public ProposedEvent withSchemaVersion(Integer value) {
    return new ProposedEvent(entityKey, idempotencyKey, type, eventTime, sequence, amount,
        attributes, retracts, source, value);
  }

  // Sorted so that equal content always iterates (and prints) in the same order.
  private static Map<String, AttributeValue> sortedCopy(Map<String, AttributeValue> attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return Map.of();
    }
    TreeMap<String, AttributeValue> copy = new TreeMap<>();
    attributes.forEach((k, v) -> copy.put(k, v == null ? AttributeValue.NULL_VALUE : v));
    return Collections.unmodifiableMap(copy);
  }
}
