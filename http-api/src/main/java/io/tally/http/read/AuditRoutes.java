package io.tally.http.read;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.entity;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathEnd;
import static akka.http.javadsl.server.Directives.pathPrefix;
import static akka.http.javadsl.server.Directives.post;
import static akka.http.javadsl.server.Directives.withSizeLimit;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.Location;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import akka.japi.pf.PFBuilder;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.tally.http.dto.AuditRunList;
import io.tally.http.dto.AuditRunRequest;
import io.tally.http.dto.AuditedJournalEvent;
import io.tally.http.dto.ErrorBody;
import io.tally.ledger.EntityKeyRule;
import io.tally.projections.audit.AuditRuns;
import io.tally.projections.audit.AuditScope;
import io.tally.projections.audit.AuditedEvent;
import io.tally.projections.audit.Auditor;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import io.tally.http.ApiErrors;
import io.tally.http.ApiJson;
import io.tally.http.PermitCount;
import io.tally.http.PermitHeldByStream;
import io.tally.http.RouteSupport;
import io.tally.http.auth.BearerAuth;
import io.tally.http.auth.Scope;

/**
 * The audit API.
 *
 * <ul>
 *   <li>{@code GET /v1/audit/entities/{key}/events} (scope {@code read}, like the journal itself):
 *       the entity's whole journal as NDJSON, streamed with back-pressure, each line an event with
 *       its hash-chain verification. A read failure mid-stream ends it with an error line.
 *   <li>{@code POST /v1/audit/runs} (scope {@code admin}: a run reads every journal and may wake
 *       every entity) starts a run: 202 with its id; 409 when the node's runs are all busy.
 *   <li>{@code GET /v1/audit/runs/{id}} (admin): progress, then the report.
 * </ul>
 */
public final class AuditRoutes {

  /** A run request is four short fields; anything larger is not one. */
  private static final long MAX_RUN_REQUEST_BYTES = 16 * 1024;

  private final Auditor auditor;
  private final AuditRuns runs;
  private final BearerAuth auth;
  private final ApiJson json;
  private final RouteSupport support;
  private final ReadAdmission admission;
  private final Duration retryAfter;
  private final ActorSystem<?> system;

  public AuditRoutes(Auditor auditor, AuditRuns runs, BearerAuth auth, RouteSupport support,
      ReadAdmission admission, Duration retryAfter, ActorSystem<?> system) {
    this.support = support;
    this.system = system;
    this.admission = admission;
    this.retryAfter = retryAfter;
    this.auditor = auditor;
    this.runs = runs;
    this.auth = auth;
    this.json = support.json();
  }

  public Route routes() {
    return pathPrefix("audit", () -> concat(
        pathPrefix("entities", () -> pathPrefix(segment(), key -> path("events", () ->
            auth.require(Scope.READ, caller -> get(() -> verifiedEvents(key)))))),
        pathPrefix("runs", () -> auth.require(Scope.ADMIN, caller -> concat(
            pathEnd(() -> concat(post(this::startRun), get(this::listRuns))),
            path(segment(), id -> get(() -> runStatus(id))))))));
  }

  private Route verifiedEvents(String key) {
    return support.withEntityKey(EntityKeyRule.FIELD, key, () -> verifiedEventsOf(key));
  }

  private Route verifiedEventsOf(String key) {
    Optional<PermitCount.Permit> permit = admission.auditStreams().tryTake();
    if (permit.isEmpty()) {
      return complete(ApiErrors.busy(json, retryAfter,
          "this node is streaming " + admission.auditStreams().max() + " audited journals already"));
    }
    // A client that stops reading ends the stream (and gives back the permit) by the idle timeout.
    Duration idle = admission.auditStreamIdleTimeout();
    Source<ByteString, NotUsed> lines = auditor.verifiedEvents(key)
        .map(e -> support.ndjsonLine(dto(e)))
        .idleTimeout(idle)
        .recover(new PFBuilder<Throwable, ByteString>()
            .match(TimeoutException.class, e -> support.ndjsonLine(ErrorBody.of("stream_idle",
                "the client took no line for " + idle + "; the stream was ended")))
            .matchAny(e -> support.ndjsonLine(ErrorBody.of("unreadable", "the journal could not be read further")))
            .build());
    lines = PermitHeldByStream.hold(lines, permit.get()::release, idle, system);
    return complete(HttpResponse.create().withStatus(StatusCodes.OK)
        .withEntity(HttpEntities.create(RouteSupport.NDJSON, lines)));
  }

  private Route startRun() {
    return withSizeLimit(MAX_RUN_REQUEST_BYTES, () -> entity(Unmarshaller.entityToString(), body -> {
      AuditScope scope;
      try {
        scope = scope(body.isBlank() ? new AuditRunRequest(null, null, null, null)
            : json.mapper().readValue(body, AuditRunRequest.class));
      } catch (BadField e) {
        return complete(support.badRequest(e.field, e.getMessage()));
      } catch (JsonProcessingException e) {
        return complete(support.badRequest(null, "the body must be a JSON object with optional fromKey, toKey, since, until: "
            + e.getOriginalMessage()));
      }
      return runs.start(scope)
          .map(status -> complete(json.response(StatusCodes.ACCEPTED, status)
              .addHeader(Location.create("/v1/audit/runs/" + status.id()))))
          .orElseGet(() -> complete(json.response(StatusCodes.CONFLICT, ErrorBody.of("conflict",
              "this node is already running its maximum of audit runs (tally.audit.runs.max-concurrent); "
                  + "retry when it has finished"))));
    }));
  }

  private Route listRuns() {
    return complete(json.response(StatusCodes.OK, new AuditRunList(runs.list())));
  }

  private Route runStatus(String id) {
    return runs.get(id)
        .map(status -> complete(json.response(StatusCodes.OK, status)))
        .orElseGet(() -> complete(json.response(StatusCodes.NOT_FOUND, ErrorBody.of("not_found",
            "no audit run " + id + " on this node (runs are node-local and kept in memory)"))));
  }

  private static AuditScope scope(AuditRunRequest r) throws BadField {
    Instant since = instant("since", r.since());
    Instant until = instant("until", r.until());
    if (since != null && until != null && since.isAfter(until)) {
      throw new BadField("until", "until must not be before since");
    }
    if (r.fromKey() != null && r.toKey() != null && r.fromKey().compareTo(r.toKey()) >= 0) {
      throw new BadField("toKey", "toKey (exclusive) must sort after fromKey");
    }
    return new AuditScope(r.fromKey(), r.toKey(), since, until);
  }

  private static Instant instant(String field, String text) throws BadField {
    if (text == null) {
      return null;
    }
    return RouteSupport.instant(text).orElseThrow(() -> new BadField(field,
        field + " must be an ISO-8601 instant in years 1 to 9999, e.g. 2026-11-21T12:00:00Z"));
  }

  private static final class BadField extends Exception {
    private final String field;

    BadField(String field, String detail) {
      super(detail, null, false, false);
      this.field = field;
    }
  }

  private static AuditedJournalEvent dto(AuditedEvent e) {
    return new AuditedJournalEvent(e.seqNr(), e.ok() ? "ok" : "broken",
        e.problems().stream().map(p -> new AuditedJournalEvent.Problem(p.kind().wireName(), p.detail())).toList(),
        EntityViews.event(e.seqNr(), e.event()));
  }

}
