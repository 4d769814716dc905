package io.tally.http.read;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.onSuccess;
import static akka.http.javadsl.server.Directives.parameterMap;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathEnd;
import static akka.http.javadsl.server.Directives.pathPrefix;

import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import io.tally.http.dto.CorrectionsPage;
import io.tally.http.dto.WindowsPage;
import io.tally.ledger.EventTimeWindows;
import io.tally.ledger.Slices;
import io.tally.projections.window.WindowViewRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.tally.http.ApiJson;
import io.tally.http.RouteSupport;
import io.tally.http.auth.BearerAuth;
import io.tally.http.auth.Scope;

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
  private final RouteSupport support;

  public WindowRoutes(WindowViewRepository views, EventTimeWindows windows, int slices, int maxWindows,
      BearerAuth auth, RouteSupport support) {
    this.support = support;
    this.views = views;
    this.windows = windows;
    this.slices = slices;
    this.maxWindows = maxWindows;
    this.auth = auth;
    this.json = support.json();
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
    if (entity == null || !support.keys().isValid(entity)) {
      return complete(support.badRequest("entity",
          "give entity (" + support.keys().description() + ") with from and to, or slice with window"));
    }
    Optional<Instant> from = RouteSupport.instant(params.get("from"));
    Optional<Instant> to = RouteSupport.instant(params.get("to"));
    if (from.isEmpty()) {
      return complete(support.badRequest("from", "from must be an ISO-8601 instant in years 1 to 9999"));
    }
    if (to.isEmpty() || !to.get().isAfter(from.get())) {
      return complete(support.badRequest("to", "to must be an ISO-8601 instant after from, in years 1 to 9999"));
    }
    List<Instant> starts = new ArrayList<>();
    for (Instant w = windows.startOf(from.get()); w.isBefore(to.get()); w = windows.endOf(w)) {
      starts.add(w);
      if (starts.size() > maxWindows) {
        return complete(support.badRequest("to", "the range spans more than " + maxWindows + " windows"));
      }
    }
    return onSuccess(views.entity(entity, Slices.of(entity, slices), starts), rows -> complete(json.response(
        StatusCodes.OK, new WindowsPage(rows.stream()
            .sorted(Comparator.comparing(io.tally.projections.window.WindowView::windowStart))
            .map(v -> ReadSideViews.window(v, windows.size())).toList()))));
  }

  private Route bySliceWindow(Map<String, String> params) {
    Optional<Integer> slice = Optional.ofNullable(params.get("slice")).flatMap(RouteSupport::integer)
        .filter(s -> s >= 0 && s < slices);
    if (slice.isEmpty()) {
      return complete(support.badRequest("slice", "slice must be an integer from 0 to " + (slices - 1)));
    }
    Optional<Instant> window = RouteSupport.instant(params.get("window"));
    if (window.isEmpty() || !windows.startOf(window.get()).equals(window.get())) {
      return complete(support.badRequest("window", "window must be an ISO-8601 instant at a window start, in years 1 to 9999"));
    }
    return onSuccess(views.slice(slice.get(), window.get()), rows -> complete(json.response(StatusCodes.OK,
        new WindowsPage(rows.stream()
            .sorted(Comparator.comparing(io.tally.projections.window.WindowView::entityKey))
            .map(v -> ReadSideViews.window(v, windows.size())).toList()))));
  }

  private Route corrections(Map<String, String> params) {
    String entity = params.getOrDefault("entity", "");
    return support.withEntityKey("entity", entity, () -> onSuccess(views.corrections(entity), list ->
        complete(json.response(StatusCodes.OK,
            new CorrectionsPage(entity, list.stream().map(ReadSideViews::correction).toList())))));
  }

}
