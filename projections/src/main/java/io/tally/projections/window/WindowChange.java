package io.tally.projections.window;

import io.tally.ledger.EventRecorded;
import io.tally.ledger.EventRetracted;
import io.tally.ledger.LedgerEvent;
import io.tally.ledger.WindowDigest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * The effect of one journal event on one window view: a record adds to its own window, a
 * retraction subtracts from its TARGET's window. Lateness is the entity's decision stored in the
 * event, so the view and the entity agree on it. Other events change no window.
 */
public record WindowChange(
    String entityKey, Instant windowStart, long seqNr, boolean retraction, BigDecimal amount,
    long keyHash, boolean late) {

  public static Optional<WindowChange> of(LedgerEvent event, long seqNr) {
    if (event instanceof EventRecorded e) {
      return Optional.of(new WindowChange(e.entityKey(), e.windowStart(), seqNr, false, e.amount(),
          WindowDigest.keyHash(e.idempotencyKey()), e.late()));
    }
    if (event instanceof EventRetracted e) {
      return Optional.of(new WindowChange(e.entityKey(), e.targetWindowStart(), seqNr, true,
          e.reversedAmount(), WindowDigest.keyHash(e.targetIdempotencyKey()), e.targetWindowClosed()));
    }
    return Optional.empty();
  }

  public WindowKey key() {
    return new WindowKey(entityKey, windowStart);
  }

  public WindowValues applyTo(WindowValues values) {
    return retraction
        ? values.retracted(amount, keyHash, late)
        : values.recorded(amount, keyHash, late);
  }
}
