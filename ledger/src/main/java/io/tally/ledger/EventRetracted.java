package io.tally.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The effect of event {@code targetIdempotencyKey} (journal seqNr {@code targetSeqNr}) was
 * reversed exactly.
 *
 * <ul>
 *   <li>Readers subtract {@code reversedAmount} (the target's amount) from the balance and from
 *       window {@code targetWindowStart}, remove the target's key from that window's digest, and
 *       count one retraction there.
 *   <li>{@code targetWindowClosed}: ingestedAt was after the target's window closed, so this is a
 *       correction of a closed window (decided once, here).
 *   <li>{@code restoredAttributes}: for each attribute the target wrote, its value after the
 *       reversal ({@link AttributeValue#NULL_VALUE} = absent).
 *   <li>{@code pendingSeqNr}: present when this resolves a {@link RetractionPending} (the
 *       retraction arrived before its target); then idempotencyKey, eventTime, windowStart, late,
 *       sequence and source are the pending retraction's, already counted by that event.
 * </ul>
 */
public record EventRetracted(
    String entityKey,
    String idempotencyKey,
    Instant eventTime,
    Instant ingestedAt,
    Instant windowStart,
    boolean late,
    String targetIdempotencyKey,
    long targetSeqNr,
    Instant targetWindowStart,
    boolean targetWindowClosed,
    BigDecimal reversedAmount,
    Map<String, AttributeValue> restoredAttributes,
    Optional<Long> pendingSeqNr,
    Optional<Long> sequence,
    String source,
    String prevHash,
    String hash)
    implements LedgerEvent {

  public EventRetracted {
    restoredAttributes = Collections.unmodifiableMap(new TreeMap<>(restoredAttributes));
    pendingSeqNr = pendingSeqNr == null ? Optional.empty() : pendingSeqNr;
    sequence = sequence == null ? Optional.empty() : sequence;
  }

  /** True when this resolves an earlier {@link RetractionPending}. */
  public boolean resolvesPending() {
    return pendingSeqNr.isPresent();
  }

  @Override
  public EventRetracted withChain(String prevHash, String hash) {
    return new EventRetracted(entityKey, idempotencyKey, eventTime, ingestedAt, windowStart, late,
        targetIdempotencyKey, targetSeqNr, targetWindowStart, targetWindowClosed, reversedAmount,
        restoredAttributes, pendingSeqNr, sequence, source, prevHash, hash);
  }
}
