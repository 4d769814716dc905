package io.tally.http.cdc;

import akka.util.ByteString;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tally.http.ingest.JsonDepthGuard;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads Debezium JSON (a change event, its key, or a request body of them) as strictly as events
 * are read: the nesting depth checked on the raw bytes before Jackson runs, duplicate keys and
 * {@code NaN} refused, numbers kept as exact decimals, and every token bounded ({@code
 * tally.cdc.limits}). Deeper than an event's limit: the schema part of an envelope nests a struct's
 * fields in the envelope's.
 */
public final class DebeziumJson {

  private final ObjectMapper mapper;
  private final JsonDepthGuard depthGuard;
  private final int maxBytes;

  public DebeziumJson(CdcSettings.Limits limits) {
    this.depthGuard = new JsonDepthGuard(limits.maxNestingDepth());
    this.maxBytes = limits.maxChangeBytes();
    this.mapper = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(limits.maxNestingDepth())
        .maxStringLength(limits.maxChangeBytes())
        .maxNumberLength(limits.maxNumberLength())
        .build());
  }

  /** A body that is not JSON Tally reads: {@code code} for the answer, the message for people. */
  public static final class Unreadable extends RuntimeException {
    private final String code;

    Unreadable(String code, String detail) {
      super(detail, null, false, false);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /**
   * One change given as its own bytes (a Kafka record's key or value), at most {@code
   * max-change-size}.
   *
   * @throws Unreadable when it is larger, too deep or not JSON
   */
  JsonNode change(byte[] bytes) {
    if (bytes.length > maxBytes) {
      throw new Unreadable("too_large", "the message holds " + bytes.length + " bytes, more than "
          + "tally.cdc.limits.max-change-size (" + maxBytes + ")");
    }
    return tree(ByteString.fromArray(bytes));
  }

  /**
   * A JSON document after the depth guard (its size was bounded where it was received).
   *
   * @throws Unreadable when it is too deep or not JSON
   */
  public JsonNode tree(ByteString json) {
    Optional<String> tooDeep = depthGuard.check(json);
    if (tooDeep.isPresent()) {
      throw new Unreadable("too_deep", tooDeep.get() + " (tally.cdc.limits.max-nesting-depth)");
    }
    try {
      JsonNode node = mapper.readTree(json.toArray());
      if (node == null || node.isMissingNode()) {
        throw new Unreadable("malformed_json", "the body is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new Unreadable("malformed_json", "not valid JSON: " + e.getOriginalMessage());
    } catch (NumberFormatException e) {
      // A number token whose exponent does not fit a BigDecimal scale (see EventJsonReader).
      throw new Unreadable("malformed_json", "not valid JSON: a number is out of range: " + e.getMessage());
    } catch (IOException e) {
      throw new Unreadable("malformed_json", "cannot read the JSON: " + e.getMessage());
    }
  }
}
