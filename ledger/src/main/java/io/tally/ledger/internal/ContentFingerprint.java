package io.tally.ledger.internal;

import io.tally.ledger.AttributeValue;
import io.tally.ledger.EntityRestored;
import io.tally.ledger.EntityTombstoned;
import io.tally.ledger.EventRecorded;
import io.tally.ledger.EventRetracted;
import io.tally.ledger.EventType;
import io.tally.ledger.LedgerEvent;
import io.tally.ledger.ProposedEvent;
import io.tally.ledger.RetractionPending;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * 64 bits of SHA-256 over an event's business content: type, eventTime, amount (numerically:
 * 10.5 equals 10.50; absent equals 0), attributes, sequence, retracts and source. Not the
 * entity-assigned fields (ingestedAt, window, lateness, hashes), so a producer's retry of the same
 * event matches, and computable both from a {@link ProposedEvent} and from the persisted {@link
 * LedgerEvent} (recovery rebuilds the key store from events).
 *
 * <p>It is only ever compared for the same idempotency key, so a 2^-64 chance of two different
 * contents matching (a conflict answered as a duplicate) is the whole error budget.
 */
public final class ContentFingerprint {

  private static final int FORMAT_VERSION = 1;

  private ContentFingerprint() {}

  public static long of(ProposedEvent e) {
    Optional<Long> sequence = Optional.ofNullable(e.sequence());
    return of(e.type(), e.eventTime(), e.amount(), e.attributes(), sequence, e.retracts(),
        e.source());
  }

  public static long of(LedgerEvent event) {
    if (event instanceof EventRecorded e) {
      return of(EventType.RECORD, e.eventTime(), e.amount(), e.attributes(), e.sequence(), null,
          e.source());
    } else if (event instanceof EventRetracted e) {
      return retraction(e.eventTime(), e.sequence(), e.targetIdempotencyKey(), e.source());
    } else if (event instanceof RetractionPending e) {
      return retraction(e.eventTime(), e.sequence(), e.targetIdempotencyKey(), e.source());
    } else if (event instanceof EntityTombstoned e) {
      return of(EventType.TOMBSTONE, e.eventTime(), null, Map.of(), e.sequence(), null,
          e.source());
    } else if (event instanceof EntityRestored e) {
      return of(EventType.RESTORE, e.eventTime(), null, Map.of(), e.sequence(), null, e.source());
    }
    throw new IllegalArgumentException("unknown event " + event.getClass());
  }

  private static long retraction(
      Instant eventTime, Optional<Long> sequence, String target, String source) {
    return of(EventType.RETRACT, eventTime, null, Map.of(), sequence, target, source);
  }

  private static long of(
      EventType type,
      Instant eventTime,
      BigDecimal amount,
      Map<String, AttributeValue> attributes,
      Optional<Long> sequence,
      String retracts,
      String source) {
    byte[] bytes = new CanonicalWriter()
        .int8(FORMAT_VERSION)
        .string(type.wireName())
        .instant(eventTime)
        .string(Amounts.numericText(amount))
        .attributes(attributes)
        .optionalLong(sequence)
        .optionalString(retracts)
        .string(source)
        .toBytes();
    return Sha256.firstLong(Sha256.of(bytes));
  }
}
