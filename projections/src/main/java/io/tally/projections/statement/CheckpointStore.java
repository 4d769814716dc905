package io.tally.projections.statement;

import akka.Done;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Reconciliation checkpoints: what statement batches compared ({@link ReconciliationCheckpoint})
 * and the ledger's window totals at compare time ({@link ReconciledWindow}), which audits check
 * against the journal ({@code reconciled-period-changed} findings). Writes are upserts, so a batch
 * that resumes may write its windows and checkpoint again.
 */
public interface CheckpointStore {

  /**
   * Upserts windows (any number of entities and batches; a batch may call this many times with
   * chunks of a few thousand). All windows of one batch carry the batch's source and period,
   * which never change.
   */
  CompletionStage<Done> saveWindows(List<ReconciledWindow> windows);

  /** Every checkpoint's windows of one entity, by batch id then window start. */
  CompletionStage<List<ReconciledWindow>> windowsOf(String entityKey);

  /** Upserts a checkpoint (by source and batch id). */
  CompletionStage<Done> save(ReconciliationCheckpoint checkpoint);

  /**
   * A page of checkpoints, of one source (by batch id) or of all. {@code pageToken} is the {@link
   * CheckpointPage#next} of the previous page of the same listing: opaque, URL-safe text of at
   * most {@link PageToken#MAX_LENGTH} characters. A page may hold fewer than {@code limit}
   * checkpoints (even none) and still have a next one.
   *
   * <p>The stage fails with {@link IllegalArgumentException} for a limit below 1 or a token that
   * is not one this listing gave (malformed, too long, or from a listing of another source or of
   * all sources).
   */
  CompletionStage<CheckpointPage> list(Optional<String> source, int limit, Optional<String> pageToken);
}
