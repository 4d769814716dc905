package io.tally.http.batch;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * One difference between a statement and the ledger, for one entity and one record (by
 * idempotency key) or window (by its start).
 *
 * @param line the statement's row, 0 when the statement has none
 * @param field what differs for a {@code mismatch} ({@code amount}, {@code count}, {@code window},
 *     {@code source}); empty otherwise
 * @param event the statement's row as a v1 event, for a record missing in Tally (what applying it sends)
 */
public record StatementDifference(DifferenceKind kind, String entityKey, String item, Optional<Instant> windowStart,
    long line, Optional<BigDecimal> statementAmount, Optional<BigDecimal> ledgerAmount, Optional<Long> statementCount,
    Optional<Long> ledgerCount, Optional<String> field, String detail, Optional<String> event) {}
