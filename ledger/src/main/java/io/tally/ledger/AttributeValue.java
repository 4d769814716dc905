package io.tally.ledger;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One attribute value as the contract allows it: a string, an exact number, a boolean, or null
 * (which removes the attribute). Numbers keep their exact decimal text ({@link
 * BigDecimal#toString()}), never a binary float.
 *
 * <p>A plain record rather than a type hierarchy, so it serializes without type ids and hashes
 * canonically as (kind, text). For {@link Kind#NULL} the text is empty.
 */
public record AttributeValue(Kind kind, String value) {

  public enum Kind {
    STRING,
    NUMBER,
    BOOLEAN,
    NULL
  }

  public static final AttributeValue NULL_VALUE = new AttributeValue(Kind.NULL, "");

  /**
   * Largest exponent (|scale|) of a numeric value the contract accepts: the bound at which JSON
   * writers render a decimal in plain form (Jackson refuses beyond ±9,999), so every accepted value
   * can be stored, hashed and read back.
   */
  public static final int MAX_NUMBER_SCALE = 9_999;

  public AttributeValue {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    switch (kind) {
      case NUMBER -> new BigDecimal(value);
      case BOOLEAN -> {
        if (!value.equals("true") && !value.equals("false")) {
          throw new IllegalArgumentException("boolean attribute must be true or false: " + value);
        }
      }
      case NULL -> {
        if (!value.isEmpty()) {
          throw new IllegalArgumentException("null attribute has no text");
        }
      }
      case STRING -> {}
    }
  }

  public static AttributeValue text(String value) {
    return new AttributeValue(Kind.STRING, value);
  }

  public static AttributeValue number(BigDecimal value) {
    return new AttributeValue(Kind.NUMBER, value.toString());
  }

  public static AttributeValue bool(boolean value) {
    return new AttributeValue(Kind.BOOLEAN, Boolean.toString(value));
  }

  public static AttributeValue nullValue() {
    return NULL_VALUE;
  }

  @JsonIgnore
  public boolean isNull() {
    return kind == Kind.NULL;
  }

  public BigDecimal asNumber() {
    if (kind != Kind.NUMBER) {
      throw new IllegalStateException("not a number: " + this);
    }
    return new BigDecimal(value);
  }

  public boolean asBoolean() {
    if (kind != Kind.BOOLEAN) {
      throw new IllegalStateException("not a boolean: " + this);
    }
    return Boolean.parseBoolean(value);
  }
}
