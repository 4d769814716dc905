package io.tally.http.node;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.path;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import io.tally.projections.metrics.MetricsRegistry;
import io.tally.http.auth.BearerAuth;
import io.tally.http.auth.Scope;

/** {@code GET /metrics}: this node's metrics in the Prometheus text format (scope read). */
public final class MetricsRoutes {

  private final MetricsRegistry registry;
  private final BearerAuth auth;

  public MetricsRoutes(MetricsRegistry registry, BearerAuth auth) {
    this.registry = registry;
    this.auth = auth;
  }

  public Route routes() {
    // text/plain; version=0.0.4 is what Prometheus expects; Akka renders text/plain with UTF-8.
    return path("metrics", () -> get(() -> auth.require(Scope.READ, caller -> complete(HttpResponse.create()
        .withStatus(StatusCodes.OK)
        .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, registry.render()))))));
  }
}
