package io.tally.http.batch;

import akka.Done;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Where batches and their rejected rows are kept (Cassandra in a node: {@link CassandraBatchStore}). */
public interface BatchStore {

  /** Records a new batch; if one already has its id, nothing is written and that one is returned. */
  CompletionStage<Batch> create(Batch batch);

  CompletionStage<Optional<Batch>> get(String id);

  /** Writes the batch's status, progress and error. */
  CompletionStage<Done> update(Batch batch);

  /** Keeps rejected rows of a batch under their lines (rewriting a line's row is harmless). */
  CompletionStage<Done> reject(String batchId, List<BatchRejection> rows);

  /** Up to {@code limit} rejected rows after {@code afterLine}, by line. */
  CompletionStage<List<BatchRejection>> rejections(String batchId, long afterLine, int limit);
}
