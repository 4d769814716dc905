package io.tally.projections.statement;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The ledger's totals of one entity's event-time window as a statement batch compared them: the
 * source's recorded, not retracted events of the batch's period in that window ({@code
 * io.tally.ledger.journal.SourceRecords#windows}). Kept so that an audit can tell whether the
 * reconciled period changed afterwards. The period (from inclusive, to exclusive; empty = open)
 * is repeated on every window so that one entity's windows can be checked without the checkpoint.
 *
 * @param digest the sum of {@code WindowDigest.keyHash} over the window's idempotency keys
 */
public record ReconciledWindow(
    String entityKey,
    String batchId,
    String source,
    Optional<Instant> periodFrom,
    Optional<Instant> periodTo,
    Instant windowStart,
    long count,
    BigDecimal amount,
    long digest) {

  public ReconciledWindow {
    Objects.requireNonNull(entityKey, "entityKey");
    Objects.requireNonNull(batchId, "batchId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(periodFrom, "periodFrom");
    Objects.requireNonNull(periodTo, "periodTo");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(amount, "amount");
  }
}
