package io.tally.http.dto;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * One persisted ledger event as the journal holds it, with its place in the hash chain. Built by
 * one factory per kind from the fields every kind has ({@link Common}) and those of its own.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEvent(
    long seqNr,
    String kind,
    String idempotencyKey,
    Instant eventTime,
    Instant ingestedAt,
    Instant windowStart,
    boolean late,
    Long sequence,
    String source,
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
    Map<String, Object> attributes,
    String retracts,
    Instant retractedWindowStart,
    Map<String, Object> restoredAttributes,
    String prevHash,
    String hash) {

  /** What every kind of event carries. */
  public record Common(long seqNr, String idempotencyKey, Instant eventTime, Instant ingestedAt,
      Instant windowStart, boolean late, Long sequence, String source, String prevHash, String hash) {}

  public static JournalEvent recorded(Common c, BigDecimal amount, Map<String, Object> attributes) {
    return of(c, "record", amount, attributes, null, null, null);
  }

  public static JournalEvent retracted(Common c, BigDecimal reversedAmount, String retracts,
      Instant retractedWindowStart, Map<String, Object> restoredAttributes) {
    return of(c, "retract", reversedAmount, null, retracts, retractedWindowStart, restoredAttributes);
  }

  public static JournalEvent retractionPending(Common c, String retracts) {
    return of(c, "retract-pending", null, null, retracts, null, null);
  }

  public static JournalEvent tombstoned(Common c) {
    return of(c, "tombstone", null, null, null, null, null);
  }

  public static JournalEvent restored(Common c) {
    return of(c, "restore", null, null, null, null, null);
  }

  private static JournalEvent of(Common c, String kind, BigDecimal amount, Map<String, Object> attributes,
      String retracts, Instant retractedWindowStart, Map<String, Object> restoredAttributes) {
    return new JournalEvent(c.seqNr(), kind, c.idempotencyKey(), c.eventTime(), c.ingestedAt(), c.windowStart(),
        c.late(), c.sequence(), c.source(), amount, attributes, retracts, retractedWindowStart, restoredAttributes,
        c.prevHash(), c.hash());
  }
}
