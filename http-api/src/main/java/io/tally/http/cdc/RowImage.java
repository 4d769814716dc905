package io.tally.http.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.ledger.AttributeValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One image of a row in a change ({@code before}, {@code after}, or the record key): its columns,
 * read with the types the envelope's schema gives when it carries one. Debezium sends a {@code
 * DECIMAL}/{@code NUMERIC} column as the base64 bytes of its unscaled value by default ({@code
 * decimal.handling.mode = precise}); only the schema says so and gives the scale, so with the
 * schema such values are read as the exact decimals they are, and without it they are text.
 * Every problem names the column as {@code <image>.<column>}.
 */
final class RowImage {

  static final String CONNECT_DECIMAL = "org.apache.kafka.connect.data.Decimal";
  static final String VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";
  private static final Pattern DECIMAL_TEXT = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  /** How far values are read: bounds that keep every step cheap, from the contract and tally.cdc. */
  record Bounds(int maxNumberLength, int maxDecimalBytes, int amountMaxPrecision, int amountMaxScale,
      String unavailablePlaceholder) {}

  private final String name;
  private final JsonNode row;
  private final Map<String, JsonNode> types;
  private final Bounds bounds;

  RowImage(String name, JsonNode row, Map<String, JsonNode> types, Bounds bounds) {
    this.name = name;
    this.row = row;
    this.types = types;
    this.bounds = bounds;
  }

  /** The column schemas of a struct schema ({@code {"type":"struct","fields":[...]}}), by column name. */
  static Map<String, JsonNode> columnTypes(JsonNode structSchema) {
    Map<String, JsonNode> types = new LinkedHashMap<>();
    JsonNode fields = structSchema == null ? null : structSchema.get("fields");
    if (fields != null && fields.isArray()) {
      for (JsonNode field : fields) {
        JsonNode column = field.get("field");
        if (column != null && column.isTextual()) {
          types.put(column.textValue(), field);
        }
      }
    }
    return types;
  }

  String name() {
    return name;
  }

  /** Whether the image holds {@code column} at all (a minimal image holds only the key). */
  boolean has(String column) {
    return row.has(column);
  }

  private String field(String column) {
    return name + "." + column;
  }

  private JsonNode value(String column, String role) {
    JsonNode value = row.get(column);
    if (value == null) {
      throw new ChangeProblem(field(column), "required", role + " column '" + column + "' is not in " + name);
    }
    return value;
  }

  /** A key column's value as text, for the entity key and the idempotency key. */
  String keyText(String column, int maxLength) {
    JsonNode value = value(column, "key");
    if (value.isNull()) {
      throw new ChangeProblem(field(column), "required", "key column '" + column + "' is null in " + name);
    }
    Optional<BigDecimal> decimal = decoded(column, value);
    if (decimal.isPresent()) {
      return plain(column, decimal.get(), maxLength);
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    if (value.isNumber()) {
      return plain(column, value.decimalValue(), maxLength);
    }
    if (value.isBoolean()) {
      return Boolean.toString(value.booleanValue());
    }
    throw new ChangeProblem(field(column), "type", "key column '" + column + "' holds " + kind(value)
        + "; a key value is a string, a number or a boolean");
  }

  /** A decimal's digits without exponent, refused before it is expanded past what a key may hold. */
  private String plain(String column, BigDecimal value, int maxLength) {
    long digits = value.scale() < 0 ? (long) value.precision() - value.scale() : Math.max(value.precision(), value.scale());
    if (digits > maxLength) {
      throw new ChangeProblem(field(column), "length", "key column '" + column + "' holds a number of " + digits
          + " digits; an entity key holds at most " + maxLength + " characters");
    }
    return value.toPlainString();
  }

  /**
   * The amount column's value: empty when it is SQL NULL.
   *
   * @throws ChangeProblem when the column is missing, not a decimal, or past the contract's digits
   */
  Optional<BigDecimal> amount(String column) {
    JsonNode value = value(column, "amount");
    if (value.isNull()) {
      return Optional.empty();
    }
    BigDecimal amount = decoded(column, value).orElseGet(() -> number(column, value));
    long digits = amount.scale() < 0 ? (long) amount.precision() - amount.scale() : amount.precision();
    if (digits > bounds.amountMaxPrecision()) {
      throw new ChangeProblem(field(column), "precision", "amount column '" + column + "' holds " + digits
          + " digits, at most " + bounds.amountMaxPrecision() + " allowed");
    }
    if (amount.scale() > bounds.amountMaxScale()) {
      throw new ChangeProblem(field(column), "scale", "amount column '" + column + "' has " + amount.scale()
          + " decimals, at most " + bounds.amountMaxScale() + " allowed");
    }
    return Optional.of(amount);
  }

  private BigDecimal number(String column, JsonNode value) {
    if (value.isNumber()) {
      // Floats arrive as BigDecimal (never a binary double); anything else is past what that holds.
      if (!value.isBigDecimal() && !value.isIntegralNumber()) {
        throw new ChangeProblem(field(column), "type", "amount column '" + column + "' must be an exact decimal");
      }
      return value.decimalValue();
    }
    if (!value.isTextual()) {
      throw new ChangeProblem(field(column), "type", "amount column '" + column + "' holds " + kind(value)
          + ", not a number");
    }
    String text = value.textValue().trim();
    if (text.equals(bounds.unavailablePlaceholder())) {
      throw new ChangeProblem(field(column), "unavailable", "amount column '" + column + "' was not captured "
          + "(Debezium's unavailable-value placeholder); its value is needed for the amount");
    }
    // As long as a JSON number may be: a longer digit string is never parsed (see EventJsonReader).
    if (text.length() > bounds.maxNumberLength()) {
      throw new ChangeProblem(field(column), "length", "amount column '" + column + "' holds " + text.length()
          + " characters, at most " + bounds.maxNumberLength());
    }
    if (!DECIMAL_TEXT.matcher(text).matches()) {
      throw new ChangeProblem(field(column), "format", "amount column '" + column + "' is not a decimal number: '"
          + text + "' (Debezium sends DECIMAL and NUMERIC columns as base64 bytes unless decimal.handling.mode = "
          + "string, or the envelope carries its schema: value.converter.schemas.enable = true)");
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new ChangeProblem(field(column), "range", "amount column '" + column + "' is out of range: its "
          + "exponent is too large");
    }
  }

  /**
   * An attribute column's value; empty when Debezium did not capture it (its placeholder): the
   * attribute is then left out of the event and keeps the value it has.
   */
  Optional<AttributeValue> attribute(String column) {
    JsonNode value = value(column, "attribute");
    if (value.isNull()) {
      return Optional.of(AttributeValue.NULL_VALUE);
    }
    Optional<BigDecimal> decimal = decoded(column, value);
    if (decimal.isPresent()) {
      return Optional.of(AttributeValue.number(decimal.get()));
    }
    if (value.isTextual()) {
      if (value.textValue().equals(bounds.unavailablePlaceholder())) {
        return Optional.empty();
      }
      if (hasUnpairedSurrogate(value.textValue())) {
        // No UTF-8 form: the ledger could neither persist nor hash it (see EventJsonReader).
        throw new ChangeProblem(field(column), "unicode", "attribute column '" + column + "' must be Unicode text: "
            + "it holds half of a surrogate pair");
      }
      return Optional.of(AttributeValue.text(value.textValue()));
    }
    if (value.isBoolean()) {
      return Optional.of(AttributeValue.bool(value.booleanValue()));
    }
    if (value.isNumber()) {
      if (!value.isBigDecimal() && !value.isIntegralNumber()) {
        throw new ChangeProblem(field(column), "type", "attribute column '" + column + "' must be an exact decimal");
      }
      return Optional.of(AttributeValue.number(value.decimalValue()));
    }
    throw new ChangeProblem(field(column), "type", "attribute column '" + column + "' holds " + kind(value)
        + "; an attribute is a string, a number, a boolean or null");
  }

  /** A decimal the schema says is encoded (Connect Decimal, Debezium VariableScaleDecimal). */
  private Optional<BigDecimal> decoded(String column, JsonNode value) {
    JsonNode type = types.get(column);
    String typeName = type == null ? null : type.path("name").asText(null);
    if (CONNECT_DECIMAL.equals(typeName) && value.isTextual()) {
      JsonNode scale = type.path("parameters").path("scale");
      return Optional.of(decimal(column, value, scale.isValueNode() ? scale.asText() : null));
    }
    if (VARIABLE_SCALE_DECIMAL.equals(typeName) && value.isObject()) {
      JsonNode scale = value.get("scale");
      JsonNode bytes = value.get("value");
      if (bytes == null || !bytes.isTextual() || scale == null || !scale.isIntegralNumber()) {
        throw new ChangeProblem(field(column), "decimal", "column '" + column + "' is a VariableScaleDecimal "
            + "without an integer scale and a base64 value");
      }
      return Optional.of(decimal(column, bytes, scale.asText()));
    }
    return Optional.empty();
  }

  private BigDecimal decimal(String column, JsonNode base64, String scaleText) {
    int scale;
    try {
      scale = Integer.parseInt(scaleText);
    } catch (NumberFormatException e) {
      throw new ChangeProblem(field(column), "decimal", "column '" + column + "' is a Decimal without an integer "
          + "scale in its schema");
    }
    if (Math.abs((long) scale) > AttributeValue.MAX_NUMBER_SCALE) {
      throw new ChangeProblem(field(column), "decimal", "column '" + column + "' has scale " + scale
          + ", beyond ±" + AttributeValue.MAX_NUMBER_SCALE);
    }
    String text = base64.textValue();
    // Four base64 characters hold three bytes: the length is checked before anything is decoded.
    if ((long) text.length() * 3 / 4 > bounds.maxDecimalBytes()) {
      throw new ChangeProblem(field(column), "decimal", "column '" + column + "' holds a decimal of more than "
          + bounds.maxDecimalBytes() + " bytes");
    }
    byte[] unscaled;
    try {
      unscaled = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new ChangeProblem(field(column), "decimal", "column '" + column + "' is a Decimal whose value is not "
          + "base64: '" + text + "'");
    }
    if (unscaled.length == 0) {
      throw new ChangeProblem(field(column), "decimal", "column '" + column + "' is a Decimal with no bytes");
    }
    return new BigDecimal(new BigInteger(unscaled), scale);
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

  static String kind(JsonNode node) {
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
}
