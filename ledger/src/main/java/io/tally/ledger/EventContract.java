package io.tally.ledger;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The v1 event contract (docs/ledger.md): every rule that needs only the event, the settings
 * and a clock. State-dependent rules (idempotency, lateness, retraction targets, tombstones) are
 * the entity's.
 *
 * <p>Each violation names the contract field and a stable rule id. Rules:
 *
 * <ul>
 *   <li>entityKey: {@link EntityKeyRule}: length 1..entity-key-max-length, charset
 *       {@code [A-Za-z0-9._:@/-]}, no empty, '.' or '..' segments between '/'
 *   <li>idempotencyKey: required, length 1..idempotency-key-max-length code points, printable
 *   <li>eventTime: required, not after now + max-future-skew, not before year 1
 *   <li>sequence: at least 1 when present
 *   <li>amount: only for record; precision at most amount-max-precision digits and scale at most
 *       amount-max-scale, after a negative scale is normalised to 0
 *   <li>attributes: only for record; at most max-attributes; each name 1..attribute-name-max-length
 *       printable code points; each value (string or number text) at most
 *       attribute-value-max-length; an attribute with an owner may only be written by that source
 *   <li>retracts: required for retract and forbidden otherwise; same form as idempotencyKey; not
 *       the event's own key
 *   <li>source: required (HTTP fills in the caller), length 1..source-max-length, printable
 *   <li>schemaVersion: one of supported-schema-versions
 * </ul>
 *
 * "Printable" is {@link KeyCharacters}: no control or format characters (bidi controls, zero-width
 * characters), no unpaired surrogates, no noncharacters.
 */
public final class EventContract {

  /** Window math is done in epoch milliseconds; this keeps it far from overflow. */
  public static final Instant EARLIEST_EVENT_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private final LedgerSettings.ContractLimits limits;
  private final EntityKeyRule entityKeys;
  private final Duration maxFutureSkew;
  private final Map<String, String> owners;

  public EventContract(LedgerSettings settings) {
    this.limits = settings.contract();
    this.entityKeys = EntityKeyRule.of(settings);
    this.maxFutureSkew = settings.maxFutureSkew();
    this.owners = settings.attributeOwners();
  }

  /** All violations, in field order; empty when the event is valid. */
  public List<ContractViolation> validate(ProposedEvent event, Instant now) {
    List<ContractViolation> violations = new ArrayList<>();
    checkEntityKey(event.entityKey(), violations);
    checkKey("idempotencyKey", event.idempotencyKey(), limits.idempotencyKeyMaxLength(), violations);
    checkEventTime(event.eventTime(), now, violations);
    checkSequence(event.sequence(), violations);
    checkAmount(event, violations);
    checkAttributes(event, violations);
    checkRetracts(event, violations);
    checkKey("source", event.source(), limits.sourceMaxLength(), violations);
    checkSchemaVersion(event.schemaVersion(), violations);
    return violations;
  }

  public Optional<ContractViolation> firstViolation(ProposedEvent event, Instant now) {
    return validate(event, now).stream().findFirst();
  }

  private void checkEntityKey(String key, List<ContractViolation> out) {
    entityKeys.check(EntityKeyRule.FIELD, key).ifPresent(out::add);
  }

  private void checkKey(String field, String value, int maxLength, List<ContractViolation> out) {
    if (checkLength(field, value, maxLength, out) && !KeyCharacters.allowed(value)) {
      out.add(new ContractViolation(field, "printable",
          field + " must not contain control or format characters (bidi controls, zero-width characters), "
              + "unpaired surrogates or noncharacters"));
    }
  }

  private boolean checkLength(String field, String value, int max, List<ContractViolation> out) {
    if (value == null) {
      out.add(new ContractViolation(field, "required", field + " is required"));
      return false;
    }
    int length = value.codePointCount(0, value.length());
    if (length < 1 || length > max) {
      out.add(new ContractViolation(field, "length",
          field + " must be 1 to " + max + " characters, was " + length));
      return false;
    }
    return true;
  }

  private void checkEventTime(Instant eventTime, Instant now, List<ContractViolation> out) {
    if (eventTime == null) {
      out.add(new ContractViolation("eventTime", "required", "eventTime is required"));
    } else if (eventTime.isAfter(now.plus(maxFutureSkew))) {
      out.add(new ContractViolation("eventTime", "future-skew",
          "eventTime " + eventTime + " is more than max-future-skew " + maxFutureSkew
              + " ahead of the server clock " + now));
    } else if (eventTime.isBefore(EARLIEST_EVENT_TIME)) {
      out.add(new ContractViolation("eventTime", "range",
          "eventTime must not be before " + EARLIEST_EVENT_TIME));
    }
  }

  private void checkSequence(Long sequence, List<ContractViolation> out) {
    if (sequence != null && sequence < 1) {
      out.add(new ContractViolation("sequence", "min", "sequence must be at least 1"));
    }
  }

  private void checkAmount(ProposedEvent event, List<ContractViolation> out) {
    if (event.amount() == null) {
      return;
    }
    if (event.type() != EventType.RECORD) {
      out.add(notAllowed("amount", event.type()));
      return;
    }
    // Digits counted from precision and scale, never by normalising: for 1e100000000 setScale(0)
    // would build the 10^N digits in full (seconds to minutes of CPU per event).
    BigDecimal amount = event.amount();
    long digits = amount.scale() < 0 ? (long) amount.precision() - amount.scale() : amount.precision();
    if (digits > limits.amountMaxPrecision()) {
      out.add(new ContractViolation("amount", "precision",
          "amount has " + digits + " digits, at most " + limits.amountMaxPrecision() + " allowed"));
    } else if (amount.scale() > limits.amountMaxScale()) {
      out.add(new ContractViolation("amount", "scale",
          "amount has " + amount.scale() + " decimals, at most " + limits.amountMaxScale()
              + " allowed"));
    }
  }

  private void checkAttributes(ProposedEvent event, List<ContractViolation> out) {
    Map<String, AttributeValue> attributes = event.attributes();
    if (attributes.isEmpty()) {
      return;
    }
    if (event.type() != EventType.RECORD) {
      out.add(notAllowed("attributes", event.type()));
      return;
    }
    if (attributes.size() > limits.maxAttributes()) {
      out.add(new ContractViolation("attributes", "count",
          "at most " + limits.maxAttributes() + " attributes, was " + attributes.size()));
      return;
    }
    attributes.forEach((name, value) -> checkAttribute(name, value, event.source(), out));
  }

  private void checkAttribute(
      String name, AttributeValue value, String source, List<ContractViolation> out) {
    String field = "attributes." + name;
    int nameLength = name.codePointCount(0, name.length());
    if (nameLength < 1 || nameLength > limits.attributeNameMaxLength() || !KeyCharacters.allowed(name)) {
      out.add(new ContractViolation(field, "name",
          "attribute names must be 1 to " + limits.attributeNameMaxLength()
              + " printable characters"));
    } else if (value.value().length() > limits.attributeValueMaxLength()) {
      out.add(new ContractViolation(field, "value-length",
          "attribute values must be at most " + limits.attributeValueMaxLength()
              + " characters"));
    } else if (value.kind() == AttributeValue.Kind.NUMBER
        && Math.abs(value.asNumber().scale()) > AttributeValue.MAX_NUMBER_SCALE) {
      // 1e10000 is short text, but a number the node could not store (nor render as JSON).
      out.add(new ContractViolation(field, "number-range",
          "numeric attribute values must have an exponent within ±" + AttributeValue.MAX_NUMBER_SCALE));
    } else if (owners.containsKey(name) && !owners.get(name).equals(source)) {
      out.add(new ContractViolation(field, "owner",
          "attribute '" + name + "' is owned by source '" + owners.get(name)
              + "'; source '" + source + "' may not write it"));
    }
  }

  private void checkRetracts(ProposedEvent event, List<ContractViolation> out) {
    if (event.type() != EventType.RETRACT) {
      if (event.retracts() != null) {
        out.add(notAllowed("retracts", event.type()));
      }
      return;
    }
    checkKey("retracts", event.retracts(), limits.idempotencyKeyMaxLength(), out);
    if (event.retracts() != null && event.retracts().equals(event.idempotencyKey())) {
      out.add(new ContractViolation("retracts", "self", "an event cannot retract itself"));
    }
  }

  private void checkSchemaVersion(int version, List<ContractViolation> out) {
    if (!limits.supportedSchemaVersions().contains(version)) {
      out.add(new ContractViolation("schemaVersion", "supported",
          "schemaVersion " + version + " is not supported; supported: "
              + limits.supportedSchemaVersions()));
    }
  }

  private static ContractViolation notAllowed(String field, EventType type) {
    return new ContractViolation(field, "not-allowed",
        field + " is not allowed for type " + type.wireName());
  }
}
