package io.tally.bench.ingest;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The benchmark's events, the same for every writer: entity key, idempotency key
 * {@code bench-<n>}, event time now, amount {@code n/100}.
 */
public final class IngestPayload {

  private IngestPayload() {}

  public static String idempotencyKey(long event) {
    return "bench-" + event;
  }

  public static BigDecimal amount(long event) {
    return BigDecimal.valueOf(event, 2);
  }

  /** One JSON object for a batch of one, else a JSON array. */
  public static String json(String entityKey, long firstEvent, int batchSize, Instant eventTime) {
    StringBuilder out = new StringBuilder(batchSize * 120);
    if (batchSize > 1) {
      out.append('[');
    }
    for (int i = 0; i < batchSize; i++) {
      if (i > 0) {
        out.append(',');
      }
      long event = firstEvent + i;
      out.append("{\"entityKey\":\"").append(entityKey)
          .append("\",\"idempotencyKey\":\"").append(idempotencyKey(event))
          .append("\",\"eventTime\":\"").append(eventTime)
          .append("\",\"amount\":\"").append(amount(event).toPlainString()).append("\"}");
    }
    if (batchSize > 1) {
      out.append(']');
    }
    return out.toString();
  }
}
