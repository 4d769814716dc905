package io.tally.http;

import io.tally.ledger.CommandLog;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The id that ties a request's response, its log lines and the ledger entity's log lines together:
 * the client's {@code X-Request-Id} when it is a safe token, else one generated here. Batches and
 * the Kafka source use ids of their own ({@code batch:<id>}, {@code kafka:<topic>-<partition>@<offset>}).
 */
public record RequestId(String value) {

  /** The request and response header. */
  public static final String HEADER = "X-Request-Id";
  /** Longer client ids are replaced: enough for a UUID, a W3C trace id or a gateway's composite id. */
  public static final int MAX_LENGTH = 128;

  public RequestId {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("a request id is not empty");
    }
  }

  /**
   * The client's id when it has 1 to {@link #MAX_LENGTH} characters, each a letter, digit or one of
   * {@code - _ . : / + = @}; empty otherwise (the caller generates one). Nothing else reaches a log
   * line or a header: no spaces, quotes or line breaks.
   */
  public static Optional<RequestId> fromHeader(String header) {
    if (header == null || header.isEmpty() || header.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    for (int i = 0; i < header.length(); i++) {
      if (!safe(header.charAt(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(new RequestId(header));
  }

  /** A new random id (a UUID). */
  public static RequestId generate() {
    return new RequestId(UUID.randomUUID().toString());
  }

  /** The id of a batch file's ingestion (its ids are already limited to a safe charset). */
  public static RequestId ofBatch(String batchId) {
    return new RequestId("batch:" + batchId);
  }

  /** The id of one polled Kafka batch of a partition: where it starts. */
  public static RequestId ofKafka(String topic, int partition, long firstOffset) {
    return new RequestId("kafka:" + topic + "-" + partition + "@" + firstOffset);
  }

  /** The value as the ledger command carries it. */
  public Optional<String> forLedger() {
    return Optional.of(value);
  }

  /** Runs {@code work} with this id in the MDC ({@code requestId}), for log lines written in it. */
  public <T> T inMdc(Supplier<T> work) {
    String previous = MDC.get(CommandLog.REQUEST_ID);
    MDC.put(CommandLog.REQUEST_ID, value);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        MDC.remove(CommandLog.REQUEST_ID);
      } else {
        MDC.put(CommandLog.REQUEST_ID, previous);
      }
    }
  }

  private static boolean safe(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '_' || c == '.' || c == ':' || c == '/' || c == '+' || c == '=' || c == '@';
  }
}
