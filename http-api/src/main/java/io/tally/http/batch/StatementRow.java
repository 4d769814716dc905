package io.tally.http.batch;

import java.math.BigDecimal;
import java.time.Instant;

/** One row of a statement, as the other system sees the ledger: a record or a window total. */
public sealed interface StatementRow {

  /** The line the row starts on. */
  long line();

  String entityKey();

  /** What the row is compared by within its entity: a record's idempotency key, a total's window. */
  String item();

  BigDecimal amount();

  /**
   * One event the other system holds.
   *
   * @param event the row as a v1 event (JSON), applied as is when it is missing in Tally
   */
  record Record(long line, String entityKey, String idempotencyKey, Instant eventTime, Instant windowStart,
      BigDecimal amount, String event) implements StatementRow {
    @Override
    public String item() {
      return idempotencyKey;
    }
  }

  /** The other system's count and sum for one entity and event-time window. */
  record Total(long line, String entityKey, Instant windowStart, long count, BigDecimal amount)
      implements StatementRow {
    @Override
    public String item() {
      return windowStart.toString();
    }
  }
}
