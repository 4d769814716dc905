package io.tally.http.batch;

import akka.Done;
import akka.NotUsed;
import akka.stream.javadsl.Source;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where statement batches keep their rows per entity while they are compared, their differences
 * and their report (Cassandra in a node: {@link CassandraStatementStore}). The rows are kept by
 * entity so that a statement of any size, in any row order, is compared one entity at a time.
 */
public interface StatementStore {

  /** Where a page of differences ends: the next page starts after this entity, item and line. */
  record DifferenceCursor(String entityKey, String item, long line) {}

  CompletionStage<Done> saveReport(StatementReport report);

  CompletionStage<Optional<StatementReport>> report(String batchId);

  /** Keeps rows under their entity (writing a row again is harmless). */
  CompletionStage<Done> keep(String batchId, List<StatementRow> rows);

  /** Every entity with rows in the statement, each once, in no particular order. */
  Source<String, NotUsed> entities(String batchId);

  /** One entity's rows, by item and then line. */
  CompletionStage<List<StatementRow>> rows(String batchId, StatementForm form, String entityKey);

  /** Whether the statement has rows of the entity. */
  CompletionStage<Boolean> holds(String batchId, String entityKey);

  /** Removes a batch's differences (a comparison that starts again writes them anew). */
  CompletionStage<Done> clearDifferences(String batchId);

  CompletionStage<Done> addDifferences(String batchId, List<StatementDifference> differences);

  /** Up to {@code limit} differences of one kind after the cursor, by entity, item and line. */
  CompletionStage<List<StatementDifference>> differences(String batchId, DifferenceKind kind,
      Optional<DifferenceCursor> after, int limit);
}
