package io.tally.http.ingest;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.extractRequestEntity;
import static akka.http.javadsl.server.Directives.onSuccess;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.post;
import static akka.http.javadsl.server.Directives.withoutSizeLimit;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import com.fasterxml.jackson.databind.JsonNode;
import io.tally.http.dto.BatchResult;
import io.tally.http.dto.EventResult;
import io.tally.http.dto.EventStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import io.tally.http.RequestId;
import io.tally.http.RequestIds;
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

  private static final String TOO_LARGE_ADVICE = "split it, or stream it as application/x-ndjson";

  private final EventIngestion ingestion;
  private final EventJsonReader reader;
  private final BearerAuth auth;
  private final IngestAdmission admission;
  private final JsonIngest requests;
  private final NdjsonIngest ndjson;
  private final ApiJson json;
  private final HttpSettings settings;
  private final ActorSystem<?> system;

  public EventRoutes(
      EventIngestion ingestion,
      EventJsonReader reader,
      BearerAuth auth,
      IngestAdmission admission,
      JsonIngest requests,
      RouteSupport support,
      HttpSettings settings,
      ActorSystem<?> system) {
    this.ingestion = ingestion;
    this.reader = reader;
    this.auth = auth;
    this.admission = admission;
    this.requests = requests;
    this.ndjson = new NdjsonIngest(ingestion, reader, support, settings);
    this.json = support.json();
    this.settings = settings;
    this.system = system;
  }

  public Route routes() {
    return path("events", () -> post(() -> auth.require(Scope.INGEST,
        caller -> RequestIds.requestId(requestId -> ingest(caller, requestId)))));
  }

  private Route ingest(Caller caller, RequestId requestId) {
    return extractRequestEntity(entity -> {
      String media = entity.getContentType().mediaType().toString();
      if (media.equals(MediaTypes.APPLICATION_JSON.toString())) {
        return requests.body(TOO_LARGE_ADVICE, body -> jsonBody(caller, body, requestId));
      }
      if (media.equals("application/x-ndjson")) {
        return withoutSizeLimit(() -> ndjsonBody(caller, requestId));
      }
      return complete(requests.error(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
          "send application/json (one event or an array) or application/x-ndjson, not " + media));
    });
  }

  private Route jsonBody(Caller caller, ByteString body, RequestId requestId) {
    JsonNode tree;
    try {
      tree = reader.tree(body);
    } catch (EventJsonReader.MalformedJson e) {
      return complete(requests.error(StatusCodes.BAD_REQUEST, e.code(), e.getMessage()));
    }
    return tree.isArray() ? batch(caller, tree, requestId) : single(caller, tree, body, requestId);
  }

  private Route single(Caller caller, JsonNode tree, ByteString body, RequestId requestId) {
    SubmittedEvent submitted = ingestion.check(0, reader.event(tree, caller.id()), RawEvent.body(body, tree), caller);
    return requests.withEntityWork(List.of(submitted), () -> onSuccess(
        ingestion.ingest(List.of(submitted), caller, requestId),
        results -> {
          EventResult result = results.get(0);
          HttpResponse response = json.response(result.status().httpStatus(), result);
          return complete(result.status() == EventStatus.UNAVAILABLE ? requests.retryLater(response) : response);
        }));
  }

  private Route batch(Caller caller, JsonNode array, RequestId requestId) {
    if (array.size() == 0) {
      return complete(requests.error(StatusCodes.BAD_REQUEST, "empty_batch", "the array holds no events"));
    }
    if (array.size() > settings.limits().maxBatchEvents()) {
      return complete(requests.error(StatusCodes.PAYLOAD_TOO_LARGE, "batch_too_large",
          "a JSON array may hold at most " + settings.limits().maxBatchEvents() + " events, not "
              + array.size() + "; send more requests or use application/x-ndjson"));
    }
    List<SubmittedEvent> submitted = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      submitted.add(ingestion.check(i, reader.event(array.get(i), caller.id()), RawEvent.element(array.get(i)),
          caller));
    }
    return requests.withEntityWork(submitted, () -> onSuccess(
        ingestion.ingest(submitted, caller, requestId),
        results -> {
          Map<String, Long> counts = results.stream()
              .collect(Collectors.groupingBy(r -> r.status().wireName(), TreeMap::new, Collectors.counting()));
          HttpResponse response = json.response(StatusCodes.OK, new BatchResult(counts, results));
          return complete(counts.containsKey(EventStatus.UNAVAILABLE.wireName())
              ? requests.retryLater(response) : response);
        }));
  }

  private Route ndjsonBody(Caller caller, RequestId requestId) {
    return extractRequestEntity(entity -> requests.admitted(admission.admitStream(), permit -> {
      Source<ByteString, NotUsed> answer = PermitHeldByStream.hold(
          ndjson.answer(entity.getDataBytes(), caller, requestId), permit::release, settings.ingest().ndjsonIdleTimeout(), system);
      return complete(HttpResponse.create()
          .withStatus(StatusCodes.OK)
          .withEntity(HttpEntities.createChunked(RouteSupport.NDJSON, answer)));
    }));
  }
}
