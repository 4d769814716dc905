package io.tally.http.node;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.onSuccess;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathPrefix;

import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import io.tally.http.dto.HealthStatus;
import java.util.Map;
import io.tally.http.ApiJson;

/**
 * {@code /health/alive}: the process answers HTTP (liveness). {@code /health/ready}: the node can
 * take traffic (readiness); 503 with the failing checks otherwise. Neither needs a token, so
 * orchestrators can probe them.
 */
public final class HealthRoutes {

  private final ReadinessCheck readiness;
  private final ApiJson json;

  public HealthRoutes(ReadinessCheck readiness, ApiJson json) {
    this.readiness = readiness;
    this.json = json;
  }

  public Route routes() {
    return pathPrefix(
        "health",
        () ->
            concat(
                path("alive", () -> get(() -> complete(StatusCodes.OK, new HealthStatus("alive", Map.of()), json.marshaller()))),
                path("ready", () -> get(this::ready))));
  }

  private Route ready() {
    return onSuccess(
        readiness.check(),
        result ->
            complete(
                result.ready() ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE,
                new HealthStatus(result.ready() ? "ready" : "not-ready", result.checks()),
                json.marshaller()));
  }
}
