package io.tally.http.batch;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.onComplete;
import static akka.http.javadsl.server.Directives.parameterMap;
import static akka.http.javadsl.server.Directives.pathEnd;
import static akka.http.javadsl.server.Directives.pathPrefix;

import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import io.tally.http.RouteSupport;
import io.tally.http.auth.BearerAuth;
import io.tally.http.auth.Scope;
import io.tally.http.dto.CheckpointsPage;
import io.tally.projections.statement.CheckpointStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * {@code GET /v1/checkpoints?source=&limit=&after=} (scope read): the reconciliation checkpoints
 * compared statements left, one per statement: its source, period, form, result and when it was
 * compared. Audit runs report a checkpoint's windows whose ledger totals changed since.
 */
public final class CheckpointRoutes {

  private final CheckpointStore checkpoints;
  private final BearerAuth auth;
  private final RouteSupport support;
  private final BatchSettings settings;

  public CheckpointRoutes(CheckpointStore checkpoints, BearerAuth auth, RouteSupport support, BatchSettings settings) {
    this.checkpoints = checkpoints;
    this.auth = auth;
    this.support = support;
    this.settings = settings;
  }

  public Route routes() {
    return pathPrefix("checkpoints", () -> pathEnd(() -> get(() -> auth.require(Scope.READ,
        caller -> parameterMap(this::list)))));
  }

  private Route list(Map<String, String> params) {
    Optional<Integer> limit = Optional.ofNullable(params.get("limit")).map(RouteSupport::integer)
        .orElse(Optional.of(settings.pageDefault())).filter(l -> l >= 1 && l <= settings.pageMax());
    if (limit.isEmpty()) {
      return complete(support.badRequest("limit", "limit must be an integer from 1 to " + settings.pageMax()));
    }
    Optional<String> source = Optional.ofNullable(params.get("source"));
    return onComplete(checkpoints.list(source, limit.get(), Optional.ofNullable(params.get("after"))), page -> {
      if (page.isFailure()) {
        Throwable cause = page.failed().get();
        cause = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        if (cause instanceof IllegalArgumentException bad) {
          return complete(support.badRequest("after", bad.getMessage()));
        }
        throw new CompletionException(cause);
      }
      return complete(support.json().response(StatusCodes.OK, new CheckpointsPage(page.get().checkpoints().stream()
          .map(c -> new CheckpointsPage.Checkpoint(c.batchId(), c.source(), c.periodFrom().orElse(null),
              c.periodTo().orElse(null), c.form(), c.result(), c.entities(), c.windows(), c.comparedAt()))
          .toList(), page.get().next().orElse(null))));
    });
  }
}
