package io.tally.http.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One entity's batch at the contract's limits: {@code events} record events, each with the most
 * attributes an event may carry, every value as long as allowed and made of multi-byte characters
 * (mostly 3 bytes of UTF-8 per UTF-16 unit, the worst case per counted character). Event {@code i}
 * writes the attribute names of group {@code i % groups}, so the entity ends with
 * {@code groups x attributes} distinct names, each holding the value of the last event of its group.
 */
final class LargeBatch {

  static final int MAX_ATTRIBUTES = 100;
  static final int MAX_VALUE_LENGTH = 1024;
  /** Code points cycled through to fill values: 3-byte CJK, kana, Hangul and €, a 2-byte ü, a 4-byte emoji. */
  private static final int[] FILL = "€漢字かなカナ한글ü😀".codePoints().toArray();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String entityKey;
  private final int events;
  private final int groups;
  private final Instant firstEventTime;

  LargeBatch(String entityKey, int events, int groups, Instant firstEventTime) {
    this.entityKey = entityKey;
    this.events = events;
    this.groups = groups;
    this.firstEventTime = firstEventTime;
  }

  /** The JSON array to POST to /v1/events. */
  String json() {
    ArrayNode array = MAPPER.createArrayNode();
    for (int i = 0; i < events; i++) {
      ObjectNode event = array.addObject()
          .put("entityKey", entityKey)
          .put("idempotencyKey", "large-" + i)
          .put("eventTime", firstEventTime.plusMillis(i).toString())
          .put("amount", "1.00");
      ObjectNode attributes = event.putObject("attributes");
      for (int a = 0; a < MAX_ATTRIBUTES; a++) {
        attributes.put(name(i % groups, a), value(i, a));
      }
    }
    return array.toString();
  }

  int distinctNames() {
    return groups * MAX_ATTRIBUTES;
  }

  static String name(int group, int attribute) {
    return "g" + group + "-a" + attribute;
  }

  /** The value the entity holds for a name: the last event of its group wrote it. */
  String finalValue(int group, int attribute) {
    int lastOfGroup = events - groups + group;
    return value(lastOfGroup, attribute);
  }

  /** Exactly MAX_VALUE_LENGTH UTF-16 units, never a split surrogate pair, distinct per event and name. */
  static String value(int event, int attribute) {
    StringBuilder value = new StringBuilder(MAX_VALUE_LENGTH).append(event).append('/').append(attribute).append(' ');
    for (int i = 0; value.length() < MAX_VALUE_LENGTH; i++) {
      int cp = FILL[i % FILL.length];
      value.appendCodePoint(value.length() + Character.charCount(cp) <= MAX_VALUE_LENGTH ? cp : '€');
    }
    return value.toString();
  }
}
