package io.tally.http.node;

import static akka.http.javadsl.server.Directives.extractRequest;
import static akka.http.javadsl.server.Directives.mapRouteResultFuture;

import akka.http.javadsl.model.HttpMethod;
import akka.http.javadsl.server.Complete;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.server.RouteResult;
import io.tally.projections.metrics.TallyMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP server metrics, as a directive around the node's whole route tree: each request is
 * counted and timed ({@code tally_http_server_requests_seconds}) by method, route template
 * ({@link RouteTemplates}: never the raw path), status code and class, and counted in flight
 * ({@code tally_http_server_requests_in_flight}) until its response starts.
 *
 * <p>The time is from the request reaching the routes to its response starting: a streamed body
 * (an NDJSON ingest answer, an audit stream) goes on after it. A request past the server's
 * request timeout is answered 503 by the server itself and recorded with the status its route
 * gave in the end.
 */
public final class HttpMetrics {

  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH");

  private final TallyMetrics metrics;
  private final RouteTemplates templates;

  public HttpMetrics(TallyMetrics metrics, RouteTemplates templates) {
    this.metrics = metrics;
    this.templates = templates;
  }

  /** {@code inner}, measured. */
  public Route instrument(Route inner) {
    return extractRequest(request -> {
      long started = System.nanoTime();
      String method = method(request.method());
      List<String> segments = new ArrayList<>();
      request.getUri().pathSegments().forEach(segments::add);
      String route = templates.of(segments);
      return mapRouteResultFuture(result -> {
        metrics.httpStarted();
        // Recorded before the server (or a test) sees the result: no scrape after a response
        // misses its request.
        CompletableFuture<RouteResult> recorded = new CompletableFuture<>();
        result.whenComplete((r, error) -> {
          metrics.httpFinished(method, route, status(r, error), System.nanoTime() - started);
          if (error != null) {
            recorded.completeExceptionally(error);
          } else {
            recorded.complete(r);
          }
        });
        return recorded;
      }, () -> inner);
    });
  }

  private static String method(HttpMethod method) {
    return METHODS.contains(method.name()) ? method.name() : "other";
  }

  /** The response's status; 500 for a route that failed; null for one that rejected the request. */
  private static Integer status(RouteResult result, Throwable error) {
    if (error != null) {
      return 500;
    }
    return result instanceof Complete c ? c.getResponse().status().intValue() : null;
  }
}
