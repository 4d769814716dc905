package io.tally.http.batch;

import io.tally.http.auth.Caller;
import java.time.Instant;
import java.util.Optional;

/**
 * One posted batch file: its id, spec, the SHA-256 of its content, its size, who posted it (a
 * resumed batch writes as them), where it is and since when, and the error that stopped it.
 */
public record Batch(String id, BatchSpec spec, String contentHash, long fileBytes, Caller caller, BatchStatus status,
    BatchProgress progress, Optional<BatchError> error, Instant createdAt, Instant updatedAt) {

  /** Why a batch stopped: where in the file (line 0 when not at a place in it), a code and a sentence. */
  public record BatchError(long line, long column, String code, String detail) {}

  Batch with(BatchStatus status, BatchProgress progress, Optional<BatchError> error, Instant now) {
    return new Batch(id, spec, contentHash, fileBytes, caller, status, progress, error, createdAt, now);
  }
}
