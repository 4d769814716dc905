package io.tally.http.ingest;

import akka.util.ByteString;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tally.ledger.AttributeValue;
import io.tally.ledger.ContractViolation;
import io.tally.ledger.EventType;
import io.tally.ledger.ProposedEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import io.tally.http.HttpSettings;

/**
 * Reads v1 events from JSON, field by field, so that every problem names its field and rule:
 * wrong JSON types, unknown fields (a ledger never drops data silently), duplicate keys, and
 * amounts that are not exact decimals. Numbers are read as {@link BigDecimal}, never as binary
 * floats. The contract's value rules (lengths, characters, skew, scale) are {@code EventContract}'s.
 */
public final class EventJsonReader {

  /** The outcome for one event: a proposed event, or the first problem found. */
  public sealed interface Read permits Parsed, Invalid {}

  public record Parsed(ProposedEvent event) implements Read {}

  public record Invalid(ContractViolation violation) implements Read {}

  static final String ENTITY_KEY = "entityKey";
  static final String IDEMPOTENCY_KEY = "idempotencyKey";
  static final String TYPE = "type";
  static final String EVENT_TIME = "eventTime";
  static final String SEQUENCE = "sequence";
  static final String AMOUNT = "amount";
  static final String ATTRIBUTES = "attributes";
  static final String RETRACTS = "retracts";
  static final String SOURCE = "source";
  static final String SCHEMA_VERSION = "schemaVersion";
  /** Names a problem with the event as a whole rather than one field. */
  static final String WHOLE_EVENT = "$";

  private static final Set<String> FIELDS =
      Set.of(ENTITY_KEY, IDEMPOTENCY_KEY, TYPE, EVENT_TIME, SEQUENCE, AMOUNT, ATTRIBUTES, RETRACTS,
          SOURCE, SCHEMA_VERSION);
  private static final Pattern DECIMAL_TEXT = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private final ObjectMapper mapper;
  private final JsonDepthGuard depthGuard;
  private final int maxNumberLength;

  public EventJsonReader(HttpSettings.Limits limits) {
    this.depthGuard = new JsonDepthGuard(limits.maxNestingDepth());
    this.maxNumberLength = limits.maxNumberLength();
    this.mapper =
        JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth())
                .maxStringLength(limits.maxStringLength())
                .maxNumberLength(limits.maxNumberLength())
                .build());
  }

  /**
   * Parses a request body into a JSON tree after the depth guard.
   *
   * @throws MalformedJson with a client-facing description
   */
  public JsonNode tree(ByteString body) {
    Optional<String> tooDeep = depthGuard.check(body);
    if (tooDeep.isPresent()) {
      throw new MalformedJson("too_deep", tooDeep.get());
    }
    try {
      JsonNode node = mapper.readTree(body.toArray());
      if (node == null || node.isMissingNode()) {
        throw new MalformedJson("malformed_json", "the body is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new MalformedJson("malformed_json", "not valid JSON: " + e.getOriginalMessage());
    } catch (NumberFormatException e) {
      // Jackson 2.15 lets this out unwrapped for a number token whose exponent does not fit a
      // BigDecimal scale (0e999999999999, 1e-2147483648): a client's bad number, not a server error.
      throw new MalformedJson("malformed_json", "not valid JSON: a number is out of range: " + e.getMessage());
    } catch (java.io.IOException e) {
      throw new MalformedJson("malformed_json", "cannot read the body: " + e.getMessage());
    }
  }

  /** A syntactically bad body; {@code code} is the error code for the response. */
  public static final class MalformedJson extends RuntimeException {
    private final String code;

    MalformedJson(String code, String detail) {
      super(detail, null, false, false);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /**
   * One event from a JSON value.
   *
   * @param defaultSource the authenticated caller, used when the event names no source
   */
  public Read event(JsonNode node, String defaultSource) {
    if (!node.isObject()) {
      return invalid(WHOLE_EVENT, "type", "an event must be a JSON object, not " + kind(node));
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        return invalid(name, "unknown-field", "'" + name + "' is not a field of the v1 event contract");
      }
    }
    try {
      String entityKey = requiredText(node, ENTITY_KEY);
      String idempotencyKey = requiredText(node, IDEMPOTENCY_KEY);
      EventType type = type(node);
      Instant eventTime = eventTime(node);
      Long sequence = optionalLong(node, SEQUENCE);
      BigDecimal amount = amount(node, maxNumberLength);
      Map<String, AttributeValue> attributes = attributes(node);
      String retracts = optionalText(node, RETRACTS);
      String source = Optional.ofNullable(optionalText(node, SOURCE)).orElse(defaultSource);
      Long schemaVersion = optionalLong(node, SCHEMA_VERSION);
      if (schemaVersion != null && (schemaVersion > Integer.MAX_VALUE || schemaVersion < Integer.MIN_VALUE)) {
        throw new FieldProblem(SCHEMA_VERSION, "unsupported", "schema version " + schemaVersion + " is not supported");
      }
      return new Parsed(
          new ProposedEvent(
              entityKey, idempotencyKey, type, eventTime, sequence, amount, attributes, retracts,
              source, schemaVersion == null ? null : schemaVersion.intValue()));
    } catch (FieldProblem p) {
      return invalid(p.field, p.rule, p.getMessage());
    }
  }

  /** Parses one NDJSON line into an event. */
  public Read line(ByteString line, String defaultSource) {
    try {
      return event(tree(line), defaultSource);
    } catch (MalformedJson e) {
      return invalid(WHOLE_EVENT, e.code(), e.getMessage());
    }
  }

  private static String requiredText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new FieldProblem(field, "required", field + " is required");
    }
    if (!value.isTextual()) {
      throw new FieldProblem(field, "type", field + " must be a string, not " + kind(value));
    }
    return value.textValue();
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new FieldProblem(field, "type", field + " must be a string, not " + kind(value));
    }
    return value.textValue();
  }

  private static Long optionalLong(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new FieldProblem(field, "type", field + " must be an integer, not " + kind(value));
    }
    return value.longValue();
  }

  private static EventType type(JsonNode node) {
    String text = optionalText(node, TYPE);
    if (text == null) {
      return EventType.RECORD;
    }
    return EventType.fromWireName(text)
        .orElseThrow(
            () ->
                new FieldProblem(
                    TYPE, "enum", "type must be one of record, retract, tombstone, restore; not '" + text + "'"));
  }

  private static Instant eventTime(JsonNode node) {
    String text = requiredText(node, EVENT_TIME);
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new FieldProblem(
          EVENT_TIME, "format", "eventTime must be an ISO-8601 instant such as 2026-11-21T10:15:30Z, not '" + text + "'");
    }
  }

  private static BigDecimal amount(JsonNode node, int maxLength) {
    JsonNode value = node.get(AMOUNT);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isNumber()) {
      if (!value.isBigDecimal() && !value.isIntegralNumber()) {
        throw new FieldProblem(AMOUNT, "type", "amount must be an exact decimal");
      }
      return value.decimalValue();
    }
    if (value.isTextual()) {
      String text = value.textValue().trim();
      // As long as a JSON number may be (max-number-length): every amount the contract accepts fits,
      // and a longer digit string is never parsed (BigDecimal parsing is quadratic: 64 Ki digits
      // cost 60 ms or more each, and a batch holds many).
      if (text.length() > maxLength) {
        throw new FieldProblem(AMOUNT, "length", "amount must be at most " + maxLength + " characters, was "
            + text.length());
      }
      if (!DECIMAL_TEXT.matcher(text).matches()) {
        throw new FieldProblem(AMOUNT, "format", "amount must be a decimal number such as \"12.50\", not '" + value.textValue() + "'");
      }
      try {
        return new BigDecimal(text);
      } catch (NumberFormatException e) {
        // Matches the decimal pattern but its exponent does not fit (1e99999999999).
        throw new FieldProblem(AMOUNT, "range", "amount is out of range: its exponent is too large");
      }
    }
    throw new FieldProblem(AMOUNT, "type", "amount must be a decimal number or a string holding one, not " + kind(value));
  }

  private static Map<String, AttributeValue> attributes(JsonNode node) {
    JsonNode value = node.get(ATTRIBUTES);
    if (value == null || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw new FieldProblem(ATTRIBUTES, "type", "attributes must be a flat JSON object, not " + kind(value));
    }
    Map<String, AttributeValue> attributes = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      attributes.put(entry.getKey(), attribute(entry.getKey(), entry.getValue()));
    }
    return attributes;
  }

  private static AttributeValue attribute(String name, JsonNode value) {
    String field = ATTRIBUTES + "." + name;
    if (value.isNull()) {
      return AttributeValue.NULL_VALUE;
    }
    if (value.isTextual()) {
      // A JSON escape may name half of a surrogate pair alone; such text has no UTF-8 form, so the
      // ledger could neither persist it (jackson-cbor refuses it) nor hash it faithfully.
      if (hasUnpairedSurrogate(value.textValue())) {
        throw new FieldProblem(field, "unicode", field + " must be Unicode text: it holds half of a surrogate pair");
      }
      return AttributeValue.text(value.textValue());
    }
    if (value.isBoolean()) {
      return AttributeValue.bool(value.booleanValue());
    }
    if (value.isNumber()) {
      // Past what Jackson reads as a BigDecimal (1e10000 arrives as an infinite double).
      if (!value.isBigDecimal() && !value.isIntegralNumber()) {
        throw new FieldProblem(field, "number-range", field + " must be an exact decimal with an exponent within ±"
            + AttributeValue.MAX_NUMBER_SCALE);
      }
      return AttributeValue.number(value.decimalValue());
    }
    throw new FieldProblem(field, "type", field + " must be a string, number, boolean or null, not " + kind(value));
  }

  private static boolean hasUnpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static Invalid invalid(String field, String rule, String message) {
    return new Invalid(new ContractViolation(field, rule, message));
  }

  /** Unwinds the reader at the first problem; carries the field and rule. */
  private static final class FieldProblem extends RuntimeException {
    private final String field;
    private final String rule;

    FieldProblem(String field, String rule, String message) {
      super(message, null, false, false);
      this.field = field;
      this.rule = rule;
    }
  }
}
