package io.tally.http;

import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.handleExceptions;
import static akka.http.javadsl.server.Directives.handleRejections;

import akka.http.javadsl.server.Route;

/**
 * The whole HTTP surface, wrapped once in the JSON error handling so that every response,
 * including unknown routes and wrong methods, has the API's error shape.
 */
public final class ApiRoutes {

  private final HealthRoutes health;
  private final ApiErrors errors;

  public ApiRoutes(HealthRoutes health, ApiErrors errors) {
    this.health = health;
    this.errors = errors;
  }

  public Route routes() {
    return handleExceptions(
        errors.exceptions(),
        () -> handleRejections(errors.rejections(), () -> concat(health.routes())));
  }
}
