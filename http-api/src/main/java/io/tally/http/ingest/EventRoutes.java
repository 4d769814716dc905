package io.tally.http.ingest;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.extractRequestEntity;
import static akka.http.javadsl.server.Directives.mapRouteResultFuture;
import static akka.http.javadsl.server.Directives.onComplete;
import static akka.http.javadsl.server.Directives.onSuccess;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.post;
import static akka.http.javadsl.server.Directives.withSizeLimit;
import static akka.http.javadsl.server.Directives.withoutSizeLimit;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.RequestEntity;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import akka.http.scaladsl.model.EntityStreamSizeException;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import com.fasterxml.jackson.databind.JsonNode;
import io.tally.http.dto.BatchResult;
import io.tally.http.dto.ErrorBody;
import io.tally.http.dto.EventResult;
import io.tally.http.dto.EventStatus;
import io.tally.projections.metrics.TallyMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import io.tally.http.ApiErrors;
import io.tally.http.ApiJson;
import io.tally.http.HttpSettings;
import io.tally.http.PermitHeldByStream;
import io.tally.http.RouteSupport;
import io.tally.http.auth.BearerAuth;
import io.tally.http.auth.Caller;
import io.tally.http.auth.Scope;

/**
 * {@code POST /v1/events}: one JSON event, a JSON array, or NDJSON ({@code application/x-ndjson},
 * streamed and back-pressured: the body is read only as fast as the ledger takes the events, and
 * results stream back as NDJSON, one line per input line).
 */
public final class EventRoutes {

  private final EventIngestion ingestion;
  private final EventJsonReader reader;
  private final BearerAuth auth;
  private final IngestAdmission admission;
  private final NdjsonIngest ndjson;
  private final ApiJson json;
  private final HttpSettings settings;
  private final TallyMetrics metrics;
  private final ActorSystem<?> system;

  public EventRoutes(
      EventIngestion ingestion,
      EventJsonReader reader,
      BearerAuth auth,
      IngestAdmission admission,
      RouteSupport support,
      HttpSettings settings,
      TallyMetrics metrics,
      ActorSystem<?> system) {
    this.ingestion = ingestion;
    this.reader = reader;
    this.auth = auth;
    this.admission = admission;
    this.ndjson = new NdjsonIngest(ingestion, reader, support, settings);
    this.json = support.json();
    this.settings = settings;
    this.metrics = metrics;
    this.system = system;
  }

  public Route routes() {
    return path("events", () -> post(() -> auth.require(Scope.INGEST, this::ingest)));
  }

  private Route ingest(Caller caller) {
    return extractRequestEntity(entity -> {
      String media = entity.getContentType().mediaType().toString();
      if (media.equals(MediaTypes.APPLICATION_JSON.toString())) {
        // A body of unknown length may grow to the limit; a declared one holds what it declares.
        long bytes = Math.min(settings.limits().maxBodyBytes(),
            entity.getContentLengthOption().orElse(settings.limits().maxBodyBytes()));
        return admittedUntilAnswered(bytes,
            () -> withSizeLimit(settings.limits().maxBodyBytes(), () -> jsonBody(caller)));
      }
      if (media.equals("application/x-ndjson")) {
        return withoutSizeLimit(() -> ndjsonBody(caller));
      }
      return complete(error(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
          "send application/json (one event or an array) or application/x-ndjson, not " + media));
    });
  }

  /** Runs {@code inner} with the permit {@code admission} gave, or answers its refusal: 429 at once. */
  private Route admitted(IngestAdmission.Admission admission, Function<IngestAdmission.Permit, Route> inner) {
    if (admission instanceof IngestAdmission.Refused refused) {
      metrics.refused(refused.bound());
      return complete(ApiErrors.busy(json, settings.retryAfter(), refused.reason()));
    }
    return inner.apply(((IngestAdmission.Admitted) admission).permit());
  }

  /** A JSON request holds its permit until its response is ready. */
  private Route admittedUntilAnswered(long bytes, Supplier<Route> inner) {
    return admitted(admission.admitRequest(bytes), permit -> mapRouteResultFuture(
        result -> result.whenComplete((r, e) -> permit.release()), inner));
  }

  private Route jsonBody(Caller caller) {
    return extractRequestEntity(entity -> onComplete(
        readStrict(entity),
        body -> {
          if (body.isFailure()) {
            return complete(bodyFailure(body.failed().get()));
          }
          JsonNode tree;
          try {
            tree = reader.tree(body.get());
          } catch (EventJsonReader.MalformedJson e) {
            return complete(error(StatusCodes.BAD_REQUEST, e.code(), e.getMessage()));
          }
          return tree.isArray() ? batch(caller, tree) : single(caller, tree, body.get());
        }));
  }

  private java.util.concurrent.CompletionStage<ByteString> readStrict(RequestEntity entity) {
    return entity
        .toStrict(settings.limits().bodyReadTimeout().toMillis(), settings.limits().maxBodyBytes(), system)
        .thenApply(HttpEntity.Strict::getData);
  }

  private Route single(Caller caller, JsonNode tree, ByteString body) {
    SubmittedEvent submitted = ingestion.check(0, reader.event(tree, caller.id()), RawEvent.body(body, tree), caller);
    return withEntityWork(List.of(submitted), () -> onSuccess(
        ingestion.ingest(List.of(submitted), caller),
        results -> {
          EventResult result = results.get(0);
          HttpResponse response = json.response(result.status().httpStatus(), result);
          return complete(result.status() == EventStatus.UNAVAILABLE ? retryLater(response) : response);
        }));
  }

  private Route batch(Caller caller, JsonNode array) {
    if (array.size() == 0) {
      return complete(error(StatusCodes.BAD_REQUEST, "empty_batch", "the array holds no events"));
    }
    if (array.size() > settings.limits().maxBatchEvents()) {
      return complete(error(StatusCodes.PAYLOAD_TOO_LARGE, "batch_too_large",
          "a JSON array may hold at most " + settings.limits().maxBatchEvents() + " events, not "
              + array.size() + "; send more requests or use application/x-ndjson"));
    }
    List<SubmittedEvent> submitted = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      submitted.add(ingestion.check(i, reader.event(array.get(i), caller.id()), RawEvent.element(array.get(i)),
          caller));
    }
    return withEntityWork(submitted, () -> onSuccess(
        ingestion.ingest(submitted, caller),
        results -> {
          Map<String, Long> counts = results.stream()
              .collect(Collectors.groupingBy(r -> r.status().wireName(), TreeMap::new, Collectors.counting()));
          HttpResponse response = json.response(StatusCodes.OK, new BatchResult(counts, results));
          return complete(counts.containsKey(EventStatus.UNAVAILABLE.wireName()) ? retryLater(response) : response);
        }));
  }

  /**
   * Runs {@code inner} holding the entity commands these events need, taken before any entity is
   * asked; refused (429) when the node drives as many as it admits. Events all refused by the
   * contract need none.
   */
  private Route withEntityWork(List<SubmittedEvent> submitted, Supplier<Route> inner) {
    int commands = ingestion.commandsAtOnce(submitted);
    if (commands == 0) {
      return inner.get();
    }
    return admitted(admission.admitEntityWork(commands), permit -> mapRouteResultFuture(
        result -> result.whenComplete((r, e) -> permit.release()), inner));
  }

  private Route ndjsonBody(Caller caller) {
    return extractRequestEntity(entity -> admitted(admission.admitStream(), permit -> {
      Source<ByteString, NotUsed> answer = PermitHeldByStream.hold(ndjson.answer(entity.getDataBytes(), caller),
          permit::release, settings.ingest().ndjsonIdleTimeout(), system);
      return complete(HttpResponse.create()
          .withStatus(StatusCodes.OK)
          .withEntity(HttpEntities.createChunked(RouteSupport.NDJSON, answer)));
    }));
  }

  private HttpResponse bodyFailure(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (isTooLarge(cause)) {
      return error(StatusCodes.PAYLOAD_TOO_LARGE, "payload_too_large",
          "the body is larger than " + settings.limits().maxBodyBytes()
              + " bytes; split it, or stream it as application/x-ndjson");
    }
    return error(StatusCodes.BAD_REQUEST, "unreadable_body", "the body could not be read: " + cause.getMessage());
  }

  /**
   * Akka HTTP signals an oversized body as EntityStreamSizeException while streaming, and as an
   * EntityStreamException "Request too large" when the body had already arrived whole.
   */
  private static boolean isTooLarge(Throwable cause) {
    return cause instanceof EntityStreamSizeException
        || (cause instanceof akka.http.scaladsl.model.EntityStreamException e
            && e.info().summary().startsWith("Request too large"));
  }

  private HttpResponse error(StatusCode status, String code, String detail) {
    return json.response(status, ErrorBody.of(code, detail));
  }

  private HttpResponse retryLater(HttpResponse response) {
    return response.addHeader(ApiErrors.retryAfterHeader(settings.retryAfter()));
  }
}
