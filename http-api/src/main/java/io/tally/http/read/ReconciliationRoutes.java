package io.tally.http.read;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.entity;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.onSuccess;
import static akka.http.javadsl.server.Directives.parameterOptional;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathPrefix;
import static akka.http.javadsl.server.Directives.post;
import static akka.http.javadsl.server.Directives.withSizeLimit;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import io.tally.http.dto.ErrorBody;
import io.tally.http.dto.ReconciliationRequest;
import io.tally.http.dto.RecordsPage;
import io.tally.projections.drift.Reconciliation;
import io.tally.projections.drift.Reconciliation.ApprovalOutcome;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import io.tally.http.PageToken;
import io.tally.http.ApiJson;
import io.tally.http.RouteSupport;
import io.tally.http.auth.BearerAuth;
import io.tally.http.auth.Caller;
import io.tally.http.auth.Scope;

/**
 * Reconciliation: {@code GET /v1/discrepancies} and {@code GET /v1/repairs} (paged newest first
 * with {@code limit} and {@code after}), {@code POST /v1/reconciliations} (run the
 * detector now; {@code ?dryRun=true} or body {@code {"dryRun": true}} writes nothing),
 * {@code POST /v1/repairs/{id}/approve}. Runs and approvals need scope admin.
 */
public final class ReconciliationRoutes {

  /** The only body these routes accept is {"dryRun": bool}. */
  private static final long MAX_BODY_BYTES = 1024;

  private final Reconciliation reconciliation;
  private final BearerAuth auth;
  private final RouteSupport support;
  private final ApiJson json;
  private final int maxRecords;

  public ReconciliationRoutes(Reconciliation reconciliation, BearerAuth auth, RouteSupport support, int maxRecords) {
    this.reconciliation = reconciliation;
    this.auth = auth;
    this.support = support;
    this.json = support.json();
    this.maxRecords = maxRecords;
  }

  public Route routes() {
    return concat(
        path("discrepancies", () -> get(() -> auth.require(Scope.READ, caller -> paged((limit, after) ->
            onSuccess(reconciliation.discrepancies(limit, after), page -> complete(json.response(StatusCodes.OK,
                new RecordsPage<>(page.items().stream().map(ReadSideViews::discrepancy).toList(),
                    page.next().map(PageToken::of).orElse(null))))))))),
        path("repairs", () -> get(() -> auth.require(Scope.READ, caller -> paged((limit, after) ->
            onSuccess(reconciliation.repairs(limit, after), page -> complete(json.response(StatusCodes.OK,
                new RecordsPage<>(page.items().stream().map(ReadSideViews::repair).toList(),
                    page.next().map(PageToken::of).orElse(null))))))))),
        pathPrefix("repairs", () -> pathPrefix(segment(), id -> path("approve", () -> post(() ->
            auth.require(Scope.ADMIN, caller -> approve(id, caller)))))),
        path("reconciliations", () -> post(() -> auth.require(Scope.ADMIN, this::run))));
  }

  private Route run(Caller caller) {
    return parameterOptional("dryRun", query -> withSizeLimit(MAX_BODY_BYTES, () ->
        entity(Unmarshaller.entityToString(), body -> {
          Optional<Boolean> dryRun;
          try {
            dryRun = dryRun(query, body);
          } catch (IllegalArgumentException e) {
            return complete(support.badRequest("dryRun", e.getMessage()));
          }
          return onSuccess(reconciliation.runNow("on-demand", caller.id(), dryRun.orElse(false)), report ->
              report.isPresent()
                  ? complete(json.response(StatusCodes.OK, ReadSideViews.report(report.get())))
                  : complete(json.response(StatusCodes.CONFLICT, ErrorBody.of("conflict",
                      "a reconciliation run is already in progress on this node; retry when it ends"))));
        })));
  }

  private Optional<Boolean> dryRun(Optional<String> query, String body) {
    Optional<Boolean> fromQuery = query.map(q -> switch (q) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("dryRun must be true or false");
    });
    if (body.isBlank()) {
      return fromQuery;
    }
    try {
      ReconciliationRequest request = json.mapper().readValue(body, ReconciliationRequest.class);
      return fromQuery.or(() -> Optional.ofNullable(request.dryRun()));
    } catch (IOException e) {
      throw new IllegalArgumentException("the body must be {\"dryRun\": true|false}");
    }
  }

  private Route approve(String id, Caller caller) {
    UUID repairId;
    try {
      repairId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return complete(support.badRequest("id", "the repair id must be a UUID"));
    }
    return onSuccess(reconciliation.approve(repairId, caller.id()), outcome -> {
      if (outcome instanceof ApprovalOutcome.Applied applied) {
        return complete(json.response(StatusCodes.OK, ReadSideViews.repair(applied.repair())));
      }
      if (outcome instanceof ApprovalOutcome.NotProposed not) {
        return complete(json.response(StatusCodes.CONFLICT, ErrorBody.of("conflict",
            "repair " + id + " is " + not.repair().status().wireName() + ", not proposed: nothing to approve")));
      }
      return complete(json.response(StatusCodes.NOT_FOUND, ErrorBody.of("not_found", "no repair " + id)));
    });
  }

  /** {@code limit} (default 100, at most max-records) and {@code after} (a {@code next} this API gave out). */
  private Route paged(BiFunction<Integer, Optional<UUID>, Route> inner) {
    return parameterOptional("after", token -> {
      Optional<UUID> after = token.flatMap(PageToken::parse);
      if (token.isPresent() && after.isEmpty()) {
        return complete(support.badRequest("after", "after must be a next token this API returned"));
      }
      return limited(limit -> inner.apply(limit, after));
    });
  }

  private Route limited(java.util.function.Function<Integer, Route> inner) {
    return parameterOptional("limit", text -> {
      int limit;
      try {
        limit = text.map(Integer::parseInt).orElse(100);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > maxRecords) {
        return complete(support.badRequest("limit", "limit must be an integer from 1 to " + maxRecords));
      }
      return inner.apply(limit);
    });
  }

}
