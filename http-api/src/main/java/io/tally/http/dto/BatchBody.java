package io.tally.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A batch as the API shows it: its spec, content hash and size, status, progress (rows, bytes
 * read and their share of the file, rows/s while it runs on the node asked, rows by outcome, the
 * checkpoint line) and the error that stopped it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchBody(
    String id,
    String source,
    String mode,
    String format,
    Instant periodFrom,
    Instant periodTo,
    String contentHash,
    long fileBytes,
    String status,
    long rows,
    long bytesRead,
    double percentOfBytes,
    Double rowsPerSecond,
    Map<String, Long> outcomes,
    long checkpointLine,
    long rejectionsKept,
    BatchErrorBody error,
    StatementBody statement,
    Instant createdAt,
    Instant updatedAt) {

  /**
   * A statement's comparison: its form, phase, entities compared, counts by kind (matched,
   * missing_in_tally, missing_in_statement, mismatch, duplicate_in_statement), each side's total
   * amount, the differences kept (listed at /differences), and whether both sides agree.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StatementBody(String form, String phase, long entitiesCompared, Map<String, Long> counts,
      java.math.BigDecimal statementAmount, java.math.BigDecimal ledgerAmount, long differencesKept,
      boolean reconciled, Instant comparedAt) {}

  /** Where the file could not be read on (line and column from 1; 0 when not at a place in it). */
  public record BatchErrorBody(String code, String detail, long line, long column) {}
}
