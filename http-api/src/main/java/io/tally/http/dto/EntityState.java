package io.tally.http.dto;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/entities/{key}}: the entity's state as the API shows it.
 * Amounts are exact decimals written as JSON strings, so that no client parses them as floats. An entity that has no
 * events yet is shown with {@code lastSeqNr} 0, not as an error.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntityState(
    String entityKey,
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal balance,
    boolean deleted,
    Instant deletedAt,
    Map<String, Object> attributes,
    Counts counts,
    Map<String, Sequence> sequences,
    long lastSeqNr,
    String lastHash,
    Instant lastIngestedAt,
    int pendingRetractions,
    long retainedKeys,
    List<Window> windows) {

  /**
   * Durable counters; {@code duplicatesSeen} counts only since this entity was last started in
   * memory (a duplicate persists nothing).
   */
  public record Counts(
      long events, long recorded, long retracted, long late, long voidedRetractions,
      long untrackedSequences, long duplicatesSeen) {}

  /** Producer sequence tracking of one source. */
  public record Sequence(
      long lastSequence, long gapCount, long outOfOrderCount, List<Range> missing, long droppedRanges) {}

  /** Producer sequences known missing, inclusive. */
  public record Range(long from, long to) {}

  /** One retained event-time window: count, sum and the order-independent key digest. */
  public record Window(
      Instant windowStart, long count, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal sum, String digest, long lateCount, long retractedCount) {}
}
