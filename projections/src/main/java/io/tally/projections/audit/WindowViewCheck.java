package io.tally.projections.audit;

import io.tally.ledger.WindowAggregate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The pluggable comparison of materialised window views (issue 5) with the window aggregates an
 * audit recomputed from the journal. The view side implements it; until then audits run with
 * {@link #NONE}. Findings should use {@link BreakKind#VIEW_MISMATCH}.
 */
public interface WindowViewCheck {

  WindowViewCheck NONE = (entityKey, recomputed) -> CompletableFuture.completedFuture(List.of());

  /**
   * @param recomputed the entity's retained windows after replaying its whole journal, oldest
   *     first (the same retention as the entity's own state)
   */
  CompletionStage<List<Finding>> check(String entityKey, List<WindowAggregate> recomputed);
}
