package io.tally.http.ingest;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.entity;
import static akka.http.javadsl.server.Directives.extractRequestEntity;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.mapRouteResultFuture;
import static akka.http.javadsl.server.Directives.onComplete;
import static akka.http.javadsl.server.Directives.onSuccess;
import static akka.http.javadsl.server.Directives.parameterMap;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathEnd;
import static akka.http.javadsl.server.Directives.pathPrefix;
import static akka.http.javadsl.server.Directives.post;
import static akka.http.javadsl.server.Directives.withSizeLimit;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import akka.util.ByteString;
import com.fasterxml.jackson.databind.JsonNode;
import io.tally.http.dto.ErrorBody;
import io.tally.http.dto.EventResult;
import io.tally.http.dto.EventStatus;
import io.tally.http.dto.QuarantineEntryBody;
import io.tally.http.dto.QuarantinePageBody;
import io.tally.http.dto.ResubmissionBody;
import io.tally.http.quarantine.Quarantine;
import io.tally.http.quarantine.QuarantineEntry;
import io.tally.http.quarantine.QuarantineQuery;
import io.tally.http.quarantine.QuarantineSettings;
import io.tally.http.quarantine.QuarantineStatus;
import io.tally.http.quarantine.Resolution;
import io.tally.http.quarantine.ResolveOutcome;
import io.tally.projections.metrics.TallyMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import io.tally.http.RequestIds;
import io.tally.http.ApiErrors;
import io.tally.http.ApiJson;
import io.tally.http.HttpSettings;
import io.tally.http.PageToken;
import io.tally.http.RouteSupport;
import io.tally.http.auth.BearerAuth;
import io.tally.http.auth.Caller;
import io.tally.http.auth.Scope;

/**
 * The quarantine of refused events (docs/quarantine.md): {@code GET /v1/quarantine} (newest
 * first, paged, filtered by entity, reason, status and time; scope read), {@code GET
 * /v1/quarantine/{id}}, and {@code POST /v1/quarantine/{id}/resubmit} (scope ingest): a corrected
 * event goes through the same ingestion as {@code POST /v1/events}; accepted or duplicate, the
 * entry is resolved; refused again, the new refusal is quarantined and the entry stays open.
 */
public final class QuarantineRoutes {

  private static final Pattern REASON = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

  private final Quarantine quarantine;
  private final EventIngestion ingestion;
  private final EventJsonReader reader;
  private final BearerAuth auth;
  private final IngestAdmission admission;
  private final RouteSupport support;
  private final ApiJson json;
  private final HttpSettings http;
  private final QuarantineSettings settings;
  private final int entityKeyMaxLength;
  private final TallyMetrics metrics;
  private final Clock clock;

  public QuarantineRoutes(Quarantine quarantine, EventIngestion ingestion, EventJsonReader reader, BearerAuth auth,
      IngestAdmission admission, RouteSupport support, HttpSettings http, QuarantineSettings settings, int entityKeyMaxLength,
      TallyMetrics metrics, Clock clock) {
    this.quarantine = quarantine;
    this.ingestion = ingestion;
    this.reader = reader;
    this.auth = auth;
    this.admission = admission;
    this.support = support;
    this.json = support.json();
    this.http = http;
    this.settings = settings;
    this.entityKeyMaxLength = entityKeyMaxLength;
    this.metrics = metrics;
    this.clock = clock;
  }

  public Route routes() {
    return pathPrefix("quarantine", () -> concat(
        pathEnd(() -> get(() -> auth.require(Scope.READ, caller -> parameterMap(this::list)))),
        pathPrefix(segment(), id -> concat(
            pathEnd(() -> get(() -> auth.require(Scope.READ, caller -> one(id)))),
            path("resubmit", () -> post(() -> auth.require(Scope.INGEST, caller -> resubmit(id, caller))))))));
  }

  private Route list(Map<String, String> params) {
    Optional<Integer> limit = Optional.ofNullable(params.get("limit"))
        .map(RouteSupport::integer).orElse(Optional.of(settings.pageDefault()))
        .filter(l -> l >= 1 && l <= settings.pageMax());
    if (limit.isEmpty()) {
      return complete(support.badRequest("limit", "limit must be an integer from 1 to " + settings.pageMax()));
    }
    Optional<String> entity = Optional.ofNullable(params.get("entity"));
    if (entity.isPresent() && (entity.get().isEmpty() || entity.get().length() > entityKeyMaxLength)) {
      return complete(support.badRequest("entity", "entity must be 1 to " + entityKeyMaxLength + " characters"));
    }
    Optional<String> reason = Optional.ofNullable(params.get("reason"));
    if (reason.isPresent() && !REASON.matcher(reason.get()).matches()) {
      return complete(support.badRequest("reason", "reason is a rejection code such as late, owner, unknown-field,"
          + " malformed_json, conflict or gone"));
    }
    Optional<QuarantineStatus> status = Optional.ofNullable(params.get("status")).map(s ->
        QuarantineStatus.fromWireName(s).orElse(null));
    if (params.containsKey("status") && status.isEmpty()) {
      return complete(support.badRequest("status", "status must be open or resolved"));
    }
    Optional<Instant> from = RouteSupport.instant(params.get("from"));
    if (params.containsKey("from") && from.isEmpty()) {
      return complete(support.badRequest("from", "from must be an ISO-8601 instant in years 1 to 9999"));
    }
    Optional<Instant> to = RouteSupport.instant(params.get("to"));
    if (params.containsKey("to") && (to.isEmpty() || (from.isPresent() && !to.get().isAfter(from.get())))) {
      return complete(support.badRequest("to", "to must be an ISO-8601 instant in years 1 to 9999, after from"));
    }
    Optional<UUID> cursor = Optional.ofNullable(params.get("pageToken")).map(t -> PageToken.parse(t).orElse(null));
    if (params.containsKey("pageToken") && cursor.isEmpty()) {
      return complete(support.badRequest("pageToken", "pageToken must be a nextPageToken this API returned"));
    }
    QuarantineQuery query = new QuarantineQuery(entity, reason, status, from, to, cursor, limit.get());
    return onSuccess(quarantine.list(query), page -> complete(json.response(StatusCodes.OK, new QuarantinePageBody(
        page.items().stream().map(QuarantineRoutes::body).toList(), page.next().map(PageToken::of).orElse(null)))));
  }

  private Route one(String idText) {
    Optional<UUID> id = quarantineId(idText);
    if (id.isEmpty()) {
      return complete(support.badRequest("id", "a quarantine id is a time-based UUID"));
    }
    return onSuccess(quarantine.get(id.get()), found -> complete(found
        .map(e -> json.response(StatusCodes.OK, body(e)))
        .orElseGet(() -> notFound(idText))));
  }

  private Route resubmit(String idText, Caller caller) {
    Optional<UUID> id = quarantineId(idText);
    if (id.isEmpty()) {
      return complete(support.badRequest("id", "a quarantine id is a time-based UUID"));
    }
    return extractRequestEntity(entity -> {
      String media = entity.getContentType().mediaType().toString();
      if (!media.equals(MediaTypes.APPLICATION_JSON.toString())) {
        return complete(error(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
            "send the corrected event as application/json, not " + media));
      }
      long bytes = Math.min(http.limits().maxBodyBytes(),
          entity.getContentLengthOption().orElse(http.limits().maxBodyBytes()));
      return admitted(bytes, () -> withSizeLimit(http.limits().maxBodyBytes(), () ->
          entity(Unmarshaller.entityToByteString(), body -> corrected(id.get(), caller, body))));
    });
  }

  private Route corrected(UUID id, Caller caller, ByteString body) {
    JsonNode tree;
    try {
      tree = reader.tree(body);
    } catch (EventJsonReader.MalformedJson e) {
      return complete(error(StatusCodes.BAD_REQUEST, e.code(), e.getMessage()));
    }
    if (tree.isArray()) {
      return complete(support.badRequest(EventJsonReader.WHOLE_EVENT, "a re-submission is one event object, not an array"));
    }
    return onSuccess(quarantine.get(id), found -> {
      if (found.isEmpty()) {
        return complete(notFound(id.toString()));
      }
      if (found.get().resolution().isPresent()) {
        Resolution r = found.get().resolution().get();
        return complete(error(StatusCodes.CONFLICT, "already_resolved", "quarantine entry " + id
            + " was resolved at " + r.at() + " by " + r.by() + " (idempotency key '" + r.idempotencyKey() + "')"));
      }
      SubmittedEvent submitted = ingestion.check(0, reader.event(tree, caller.id()), RawEvent.body(body, tree), caller);
      return RequestIds.requestId(requestId -> onSuccess(
          ingestion.ingest(List.of(submitted), caller, requestId), results -> {
        EventResult result = results.get(0);
        metrics.resubmitted(result.status().wireName());
        boolean stored = result.status().stored();
        if (!stored) {
          return complete(answer(result, Optional.of(found.get())));
        }
        return onComplete(resolve(id, caller, result), outcome -> outcome.isSuccess()
            ? complete(answer(result, outcome.get()))
            : complete(retryLater(error(StatusCodes.SERVICE_UNAVAILABLE, "unavailable", "the corrected event was "
                + result.status().wireName() + " but quarantine entry " + id + " could not be marked resolved; send the"
                + " re-submission again: it is answered duplicate and resolves the entry"))));
      }));
    });
  }

  private CompletionStage<Optional<QuarantineEntry>> resolve(UUID id, Caller caller, EventResult result) {
    return quarantine.resolve(id, new Resolution(clock.instant(), caller.id(), result.idempotencyKey()))
        .thenApply(outcome -> {
          if (outcome instanceof ResolveOutcome.Resolved r) {
            return Optional.of(r.entry());
          }
          if (outcome instanceof ResolveOutcome.AlreadyResolved r) {
            return Optional.of(r.entry());
          }
          return Optional.empty();
        });
  }

  /** The corrected event's status, as POST /v1/events answers a single event. */
  private HttpResponse answer(EventResult result, Optional<QuarantineEntry> entry) {
    HttpResponse response = json.response(result.status().httpStatus(),
        new ResubmissionBody(result, entry.map(QuarantineRoutes::body).orElse(null)));
    return result.status() == EventStatus.UNAVAILABLE ? retryLater(response) : response;
  }

  /** Re-submissions share POST /v1/events' admission (JSON requests and body bytes). */
  private Route admitted(long bytes, Supplier<Route> inner) {
    IngestAdmission.Admission admission = this.admission.admitRequest(bytes);
    if (admission instanceof IngestAdmission.Refused refused) {
      metrics.refused(refused.bound());
      return complete(ApiErrors.busy(json, http.retryAfter(), refused.reason()));
    }
    IngestAdmission.Permit permit = ((IngestAdmission.Admitted) admission).permit();
    return mapRouteResultFuture(result -> result.whenComplete((r, e) -> permit.release()), inner);
  }

  static QuarantineEntryBody body(QuarantineEntry e) {
    return new QuarantineEntryBody(e.id().toString(), e.quarantinedAt(), e.status().wireName(),
        e.entityKey().orElse(null), e.idempotencyKey().orElse(null), e.reason(), e.field().orElse(null), e.detail(),
        e.raw().text(), e.raw().bytes(), e.raw().truncated(), e.caller(), e.requestIndex(),
        e.resolution().map(Resolution::at).orElse(null), e.resolution().map(Resolution::by).orElse(null),
        e.resolution().map(Resolution::idempotencyKey).orElse(null));
  }

  private static Optional<UUID> quarantineId(String text) {
    try {
      return Optional.of(UUID.fromString(text)).filter(id -> id.version() == 1);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private HttpResponse notFound(String id) {
    return error(StatusCodes.NOT_FOUND, "not_found", "no quarantine entry " + id + " (unknown, or past the retention)");
  }

  private HttpResponse error(StatusCode status, String code, String detail) {
    return json.response(status, ErrorBody.of(code, detail));
  }

  private HttpResponse retryLater(HttpResponse response) {
    return response.addHeader(ApiErrors.retryAfterHeader(http.retryAfter()));
  }
}
