package io.tally.http.read;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.onSuccess;
import static akka.http.javadsl.server.Directives.parameterOptional;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathEnd;
import static akka.http.javadsl.server.Directives.pathPrefix;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import io.tally.http.dto.ErrorBody;
import io.tally.http.dto.EventPage;
import io.tally.http.dto.JournalEvent;
import io.tally.ledger.EntityKeyRule;
import io.tally.ledger.LedgerService;
import io.tally.ledger.LedgerState;
import io.tally.ledger.LedgerSummary;
import io.tally.projections.audit.PointInTimeState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import io.tally.http.ApiErrors;
import io.tally.http.ApiJson;
import io.tally.http.PermitCount;
import io.tally.http.RouteSupport;
import io.tally.http.auth.BearerAuth;
import io.tally.http.auth.Scope;

/**
 * {@code GET /v1/entities/{key}} (state; with {@code ?asOf=<instant>} as of that ingestion instant,
 * replayed from the journal) and {@code GET /v1/entities/{key}/events?from=&limit=}
 * (the journal, paged). Keys containing '/' are sent URL-encoded ({@code a%2Fb}).
 */
public final class EntityRoutes {

  private static final String FIELD = EntityKeyRule.FIELD;

  private final LedgerService ledger;
  private final EntityHistory history;
  private final BearerAuth auth;
  private final ApiJson json;
  private final int maxPage;
  private final PointInTimeState pointInTime;
  private final RouteSupport support;
  private final ReadAdmission admission;
  private final Duration retryAfter;

  public EntityRoutes(LedgerService ledger, EntityHistory history, BearerAuth auth, RouteSupport support, int maxPage,
      PointInTimeState pointInTime, ReadAdmission admission, Duration retryAfter) {
    this.support = support;
    this.admission = admission;
    this.retryAfter = retryAfter;
    this.ledger = ledger;
    this.pointInTime = pointInTime;
    this.history = history;
    this.auth = auth;
    this.json = support.json();
    this.maxPage = maxPage;
  }

  public Route routes() {
    return pathPrefix("entities", () -> pathPrefix(segment(), key -> auth.require(Scope.READ, caller ->
        support.withEntityKey(FIELD, key, () ->
            concat(pathEnd(() -> get(() -> state(key))), path("events", () -> get(() -> events(key))))))));
  }

  private Route state(String key) {
    return parameterOptional("asOf", asOf -> asOf.isPresent()
        ? stateAsOf(key, asOf.get())
        : onSuccess(ledger.state(key), summary -> complete(json.response(StatusCodes.OK, EntityViews.state(summary)))));
  }

  /** The state as of an ingestion instant, replayed from the journal (see README, Audit). */
  private Route stateAsOf(String key, String asOf) {
    Optional<Instant> parsed = RouteSupport.instant(asOf);
    if (parsed.isEmpty()) {
      return complete(support.badRequest("asOf",
          "asOf must be an ISO-8601 instant in years 1 to 9999, e.g. 2026-11-21T12:00:00Z"));
    }
    Instant instant = parsed.get();
    Optional<PermitCount.Permit> permit = admission.replays().tryTake();
    if (permit.isEmpty()) {
      return complete(ApiErrors.busy(json, retryAfter,
          "this node is replaying " + admission.replays().max() + " entities for asOf reads already"));
    }
    CompletionStage<Optional<LedgerState>> replay = pointInTime.asOf(key, instant, admission.maxReplayEvents());
    replay.whenComplete((state, failure) -> permit.get().release());
    return onSuccess(replay, state -> complete(state
        .map(s -> json.response(StatusCodes.OK, EntityViews.state(LedgerSummary.of(s, 0))))
        .orElseGet(() -> json.response(StatusCodes.UNPROCESSABLE_ENTITY, new ErrorBody("replay_too_long",
            "more than " + admission.maxReplayEvents() + " events were ingested up to asOf; an audit run "
                + "(POST /v1/audit/runs) replays any length", "asOf")))));
  }

  private Route events(String key) {
    return parameterOptional("from", from -> parameterOptional("limit", limit -> {
      Optional<Long> fromSeqNr = RouteSupport.positiveLong(from, 1);
      Optional<Long> size = RouteSupport.positiveLong(limit, maxPage);
      if (fromSeqNr.isEmpty()) {
        return complete(support.badRequest("from", "from must be an integer >= 1"));
      }
      if (size.isEmpty() || size.get() > maxPage) {
        return complete(support.badRequest("limit", "limit must be an integer from 1 to " + maxPage));
      }
      int pageSize = size.get().intValue();
      return onSuccess(history.events(key, fromSeqNr.get(), pageSize + 1), entries -> {
        List<JournalEvent> events = entries.stream().limit(pageSize)
            .map(e -> EntityViews.event(e.seqNr(), e.event())).toList();
        Long next = entries.size() > pageSize ? entries.get(pageSize).seqNr() : null;
        return complete(json.response(StatusCodes.OK, new EventPage(key, fromSeqNr.get(), events, next)));
      });
    }));
  }

}
