package io.tally.http.node;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.path;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.HttpCharsets;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import io.tally.http.auth.BearerAuth;
import io.tally.http.auth.Scope;
import io.tally.projections.metrics.TallyMetrics;
import java.util.Map;

/**
 * {@code GET /metrics}: this node's metrics registry (Tally's, the JVM's, the Cassandra driver's,
 * the HTTP server's) in the Prometheus text format 0.0.4 (scope read).
 */
public final class MetricsRoutes {

  /** What Prometheus expects of the text format: text/plain; version=0.0.4; charset=utf-8. */
  public static final ContentType.WithCharset PROMETHEUS_TEXT = MediaTypes.customWithOpenCharset("text", "plain",
      Map.of("version", "0.0.4"), true).toContentType(HttpCharsets.UTF_8);

  private final TallyMetrics metrics;
  private final BearerAuth auth;

  public MetricsRoutes(TallyMetrics metrics, BearerAuth auth) {
    this.metrics = metrics;
    this.auth = auth;
  }

  public Route routes() {
    return path("metrics", () -> get(() -> auth.require(Scope.READ, caller -> complete(HttpResponse.create()
        .withStatus(StatusCodes.OK)
        .withEntity(HttpEntities.create(PROMETHEUS_TEXT, metrics.scrape()))))));
  }
}
