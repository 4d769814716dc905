package io.tally.http.cdc;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.extractRequestEntity;
import static akka.http.javadsl.server.Directives.onSuccess;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathPrefix;
import static akka.http.javadsl.server.Directives.post;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import akka.util.ByteString;
import com.fasterxml.jackson.databind.JsonNode;
import io.tally.http.RequestIds;
import io.tally.http.ApiJson;
import io.tally.http.auth.BearerAuth;
import io.tally.http.auth.Caller;
import io.tally.http.auth.Scope;
import io.tally.http.dto.ChangeBatchResult;
import io.tally.http.dto.ChangeResult;
import io.tally.http.dto.EventResult;
import io.tally.http.dto.EventStatus;
import io.tally.http.ingest.JsonIngest;
import io.tally.http.ingest.RawEvent;
import io.tally.http.ingest.SubmittedEvent;
import io.tally.projections.metrics.TallyMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code POST /v1/cdc/debezium}: Debezium change events, as Debezium Server's HTTP sink posts them
 * (one per request, {@code application/json}), or a JSON array of them. Each change is mapped by
 * {@link DebeziumMapping} and its event ingested exactly as {@code POST /v1/events} ingests one
 * (admission, contract, the caller's right to the source, idempotency, outcomes, quarantine);
 * skipped changes are counted and answered. A single change is answered with its result and its
 * status; a refused one with 200 unless {@code tally.cdc.refusals = halt}, so that the sink goes
 * on (the refusal is in the quarantine).
 */
public final class CdcRoutes {

  /** The origin of changes received here (said in answers, never part of a key). */
  static final String ORIGIN = "http";
  private static final String TOO_LARGE_ADVICE = "post one change event per request (Debezium Server's HTTP sink "
      + "does), or fewer in an array";

  private final DebeziumMapping mapping;
  private final JsonIngest requests;
  private final BearerAuth auth;
  private final CdcSettings settings;
  private final ApiJson json;
  private final TallyMetrics metrics;

  public CdcRoutes(DebeziumMapping mapping, JsonIngest requests, BearerAuth auth, CdcSettings settings, ApiJson json,
      TallyMetrics metrics) {
    this.mapping = mapping;
    this.requests = requests;
    this.auth = auth;
    this.settings = settings;
    this.json = json;
    this.metrics = metrics;
  }

  public Route routes() {
    return pathPrefix("cdc", () -> path("debezium", () -> post(() -> auth.require(Scope.INGEST, this::ingest))));
  }

  private Route ingest(Caller caller) {
    return extractRequestEntity(entity -> {
      String media = entity.getContentType().mediaType().toString();
      if (!media.equals(MediaTypes.APPLICATION_JSON.toString())) {
        return complete(requests.error(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
            "send Debezium change events as application/json (one event, or an array; Debezium Server: "
                + "debezium.format.value = json), not " + media));
      }
      return requests.body(TOO_LARGE_ADVICE, body -> changes(caller, body));
    });
  }

  /** One change of the request: what it mapped to, and its text as received (for the quarantine). */
  private record Item(MappedChange change, RawEvent raw) {}

  private Route changes(Caller caller, ByteString body) {
    JsonNode tree;
    try {
      tree = mapping.json().tree(body);
    } catch (DebeziumJson.Unreadable e) {
      return complete(requests.error(StatusCodes.BAD_REQUEST, e.code(), e.getMessage()));
    }
    if (!tree.isArray()) {
      Item item = new Item(mapping.map(ORIGIN, tree, Optional.empty(), caller.id()), RawEvent.body(body, tree));
      return ingested(List.of(item), caller, results -> single(results.get(0)));
    }
    if (tree.size() == 0) {
      return complete(requests.error(StatusCodes.BAD_REQUEST, "empty_batch", "the array holds no change events"));
    }
    int max = settings.limits().maxChangesPerRequest();
    if (tree.size() > max) {
      return complete(requests.error(StatusCodes.PAYLOAD_TOO_LARGE, "too_many_changes", "a JSON array may hold at "
          + "most " + max + " change events (tally.cdc.limits.max-changes-per-request), not " + tree.size()
          + "; send more requests"));
    }
    List<Item> items = new ArrayList<>(tree.size());
    for (JsonNode element : tree) {
      items.add(new Item(mapping.map(ORIGIN, element, Optional.empty(), caller.id()), RawEvent.element(element)));
    }
    return ingested(items, caller, this::batch);
  }

  /**
   * Ingests the events of the mapped changes and the rejections (quarantined like refused events),
   * under the node's entity-command admission, and answers with one result per change in order.
   */
  private Route ingested(List<Item> items, Caller caller, java.util.function.Function<List<ChangeResult>,
      HttpResponse> answer) {
    List<SubmittedEvent> submitted = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      if (item.change() instanceof MappedChange.Mapped m) {
        submitted.add(requests.submit(i, m.event(), item.raw(), caller));
      } else if (item.change() instanceof MappedChange.Rejected r) {
        submitted.add(requests.refused(i, r.violation(), r.entityKey().orElse(null),
            r.idempotencyKey().orElse(null), item.raw()));
      }
    }
    return requests.withEntityWork(submitted, () -> RequestIds.requestId(requestId -> onSuccess(
        requests.ingest(submitted, caller, requestId), events -> {
      Map<Long, EventResult> byIndex = new HashMap<>();
      events.forEach(e -> byIndex.put(e.index(), e));
      List<ChangeResult> results = new ArrayList<>(items.size());
      Map<List<String>, Long> counted = new HashMap<>();
      for (int i = 0; i < items.size(); i++) {
        MappedChange change = items.get(i).change();
        String op = change.opLabel().equals(MappedChange.NO_OP) ? null : change.opLabel();
        String table = change.table().orElse(null);
        ChangeResult result = change instanceof MappedChange.Skipped s
            ? ChangeResult.skipped(i, op, table, s.reason().wireName(), s.detail())
            : ChangeResult.of(i, op, table, byIndex.get((long) i));
        results.add(result);
        counted.merge(List.of(change.opLabel(), result.status()), 1L, Long::sum);
      }
      counted.forEach((labels, count) -> metrics.cdcChanges(labels.get(0), labels.get(1), count));
      return complete(answer.apply(results));
    })));
  }

  /**
   * A single change: accepted 202, duplicate and skipped 200, unavailable 503 with Retry-After; a
   * refusal 200 (its status in the body) or, with {@code refusals = halt}, its own status.
   */
  private HttpResponse single(ChangeResult result) {
    if (result.event() == null) {
      return json.response(StatusCodes.OK, result);
    }
    EventStatus status = result.event().status();
    if (status == EventStatus.UNAVAILABLE) {
      return requests.retryLater(json.response(status.httpStatus(), result));
    }
    StatusCode code = status.stored() || settings.refusals() == CdcSettings.Refusals.HALT
        ? status.httpStatus() : StatusCodes.OK;
    return json.response(code, result);
  }

  private HttpResponse batch(List<ChangeResult> results) {
    Map<String, Long> counts = new TreeMap<>();
    results.forEach(r -> counts.merge(r.status(), 1L, Long::sum));
    HttpResponse response = json.response(StatusCodes.OK, new ChangeBatchResult(counts, results));
    return counts.containsKey(EventStatus.UNAVAILABLE.wireName()) ? requests.retryLater(response) : response;
  }
}
