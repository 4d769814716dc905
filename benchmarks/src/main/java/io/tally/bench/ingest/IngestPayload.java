package io.tally.bench.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The benchmark's events, the same for every writer: entity key, idempotency key
 * {@code bench-<n>}, event time now, amount {@code n/100}.
 */
public final class IngestPayload {

  /** About one event's JSON, to size the buffer once. */
  private static final int CHARS_PER_EVENT = 120;

  private IngestPayload() {}

  public static String idempotencyKey(long event) {
    return "bench-" + event;
  }

  public static BigDecimal amount(long event) {
    return BigDecimal.valueOf(event, 2);
  }

  /** One JSON object for a batch of one, else a JSON array. */
  public static String json(String entityKey, long firstEvent, int batchSize, Instant eventTime) {
    StringBuilder out = new StringBuilder(batchSize * CHARS_PER_EVENT);
    if (batchSize > 1) {
      out.append('[');
    }
    for (int i = 0; i < batchSize; i++) {
      if (i > 0) {
        out.append(',');
      }
      appendEvent(out, entityKey, firstEvent + i, eventTime);
    }
    if (batchSize > 1) {
      out.append(']');
    }
    return out.toString();
  }

  /**
   * A JSON array of one event for each of {@code entityKeys} (events numbered from
   * {@code firstEvent} in that order): a request that spreads over many entities, one command each.
   */
  public static String jsonOnePerEntity(List<String> entityKeys, long firstEvent, Instant eventTime) {
    StringBuilder out = new StringBuilder(entityKeys.size() * CHARS_PER_EVENT);
    out.append('[');
    for (int i = 0; i < entityKeys.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      appendEvent(out, entityKeys.get(i), firstEvent + i, eventTime);
    }
    return out.append(']').toString();
  }

  private static void appendEvent(StringBuilder out, String entityKey, long event, Instant eventTime) {
    out.append("{\"entityKey\":\"").append(entityKey)
        .append("\",\"idempotencyKey\":\"").append(idempotencyKey(event))
        .append("\",\"eventTime\":\"").append(eventTime)
        .append("\",\"amount\":\"").append(amount(event).toPlainString()).append("\"}");
  }
}
