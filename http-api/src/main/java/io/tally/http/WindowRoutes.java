package io.tally.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.onSuccess;
import static akka.http.javadsl.server.Directives.parameterMap;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathEnd;
import static akka.http.javadsl.server.Directives.pathPrefix;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import io.tally.http.dto.CorrectionsPage;
import io.tally.http.dto.ErrorBody;
import io.tally.http.dto.WindowsPage;
import io.tally.ledger.EntityKeyRule;
import io.tally.ledger.EventTimeWindows;
import io.tally.ledger.Slices;
import io.tally.projections.window.WindowViewRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Window views: {@code GET /v1/windows?entity=&from=&to=} (an entity's windows starting in
 * [from, to)), {@code GET /v1/windows?slice=&window=} (every entity of one slice-window), and
 * {@code GET /v1/windows/corrections?entity=} (restatements of closed windows).
 */
public final class WindowRoutes {


  private final WindowViewRepository views;
  private final EventTimeWindows windows;
  private final int slices;
  private final int maxWindows;
  private final BearerAuth auth;
  private final ApiJson json;
  private final EntityKeyRule keys;

  public WindowRoutes(WindowViewRepository views, EventTimeWindows windows, int slices, int maxWindows,
      BearerAuth auth, ApiJson json, EntityKeyRule keys) {
    this.keys = keys;
    this.views = views;
    this.windows = windows;
    this.slices = slices;
    this.maxWindows = maxWindows;
    this.auth = auth;
    this.json = json;
  }

  public Route routes() {
    return pathPrefix("windows", () -> auth.require(Scope.READ, caller -> concat(
        pathEnd(() -> get(() -> parameterMap(this::query))),
        path("corrections", () -> get(() -> parameterMap(this::corrections))))));
  }

  private Route query(Map<String, String> params) {
    if (params.containsKey("slice") || params.containsKey("window")) {
      return bySliceWindow(params);
    }
    String entity = params.get("entity");
    if (entity == null || !keys.isValid(entity)) {
      return complete(badRequest("entity",
          "give entity (" + keys.description() + ") with from and to, or slice with window"));
    }
    Optional<Instant> from = QueryValues.instant(params.get("from"));
    Optional<Instant> to = QueryValues.instant(params.get("to"));
    if (from.isEmpty()) {
      return complete(badRequest("from", "from must be an ISO-8601 instant in years 1 to 9999"));
    }
    if (to.isEmpty() || !to.get().isAfter(from.get())) {
      return complete(badRequest("to", "to must be an ISO-8601 instant after from, in years 1 to 9999"));
    }
    List<Instant> starts = new ArrayList<>();
    for (Instant w = windows.startOf(from.get()); w.isBefore(to.get()); w = windows.endOf(w)) {
      starts.add(w);
      if (starts.size() > maxWindows) {
        return complete(badRequest("to", "the range spans more than " + maxWindows + " windows"));
      }
    }
    return onSuccess(views.entity(entity, Slices.of(entity, slices), starts), rows -> complete(json.response(
        StatusCodes.OK, new WindowsPage(rows.stream()
            .sorted(Comparator.comparing(io.tally.projections.window.WindowView::windowStart))
            .map(v -> ReadSideViews.window(v, windows.size())).toList()))));
  }

  private Route bySliceWindow(Map<String, String> params) {
    Optional<Integer> slice = Optional.ofNullable(params.get("slice")).flatMap(QueryValues::integer)
        .filter(s -> s >= 0 && s < slices);
    if (slice.isEmpty()) {
      return complete(badRequest("slice", "slice must be an integer from 0 to " + (slices - 1)));
    }
    Optional<Instant> window = QueryValues.instant(params.get("window"));
    if (window.isEmpty() || !windows.startOf(window.get()).equals(window.get())) {
      return complete(badRequest("window", "window must be an ISO-8601 instant at a window start, in years 1 to 9999"));
    }
    return onSuccess(views.slice(slice.get(), window.get()), rows -> complete(json.response(StatusCodes.OK,
        new WindowsPage(rows.stream()
            .sorted(Comparator.comparing(io.tally.projections.window.WindowView::entityKey))
            .map(v -> ReadSideViews.window(v, windows.size())).toList()))));
  }

  private Route corrections(Map<String, String> params) {
    String entity = params.get("entity");
    if (entity == null || !keys.isValid(entity)) {
      return complete(badRequest("entity", "entity must be " + keys.description()));
    }
    return onSuccess(views.corrections(entity), list -> complete(json.response(StatusCodes.OK,
        new CorrectionsPage(entity, list.stream().map(ReadSideViews::correction).toList()))));
  }

  private HttpResponse badRequest(String field, String detail) {
    return json.response(StatusCodes.BAD_REQUEST, new ErrorBody("bad_request", detail, field));
  }
}
