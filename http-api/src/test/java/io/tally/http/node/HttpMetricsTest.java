package io.tally.http.node;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathPrefix;
import static akka.http.javadsl.server.PathMatchers.segment;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.testkit.JUnitRouteTest;
import akka.testkit.javadsl.TestKit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.projections.metrics.TallyMetrics;
import java.time.Duration;
import org.junit.Test;

public class HttpMetricsTest extends JUnitRouteTest {

  private static final Duration RECORDED_WITHIN = Duration.ofSeconds(5);

  private final TallyMetrics metrics = TallyMetrics.create();

  @Override
  public Config additionalConfig() {
    return ConfigFactory.parseString("akka.actor.provider = local");
  }

  private Route route() {
    Route inner = concat(
        path("metrics", () -> complete("ok")),
        pathPrefix("v1", () -> pathPrefix("entities", () -> path(segment(), key -> complete(StatusCodes.OK, key)))),
        path("boom", () -> complete(StatusCodes.SERVICE_UNAVAILABLE, "down")),
        path("thrown", () -> {
          throw new IllegalStateException("a bug");
        }),
        complete(StatusCodes.NOT_FOUND, "no such route"));
    return new HttpMetrics(metrics, RouteTemplates.api()).instrument(inner);
  }

  @Test
  public void requestsAreCountedByMethodRouteTemplateAndStatus() {
    Route route = route();
    testRoute(route).run(HttpRequest.GET("/v1/entities/acct-1")).assertStatusCode(StatusCodes.OK);
    testRoute(route).run(HttpRequest.GET("/v1/entities/acct-2")).assertStatusCode(StatusCodes.OK);
    testRoute(route).run(HttpRequest.GET("/metrics")).assertStatusCode(StatusCodes.OK);
    testRoute(route).run(HttpRequest.GET("/no/such/thing")).assertStatusCode(StatusCodes.NOT_FOUND);

    recorded(() -> {
      assertEquals(2, metrics.count(TallyMetrics.HTTP_REQUESTS, "method", "GET", "route", "/v1/entities/{key}",
          "status", "200", "status_class", "2xx"));
      assertEquals(1, metrics.count(TallyMetrics.HTTP_REQUESTS, "route", "/metrics"));
      assertEquals(1, metrics.count(TallyMetrics.HTTP_REQUESTS, "route", RouteTemplates.OTHER, "status", "404"));
    });
    String text = metrics.scrape();
    assertFalse(text, text.contains("acct-1"));
    assertEquals(0, metrics.value(TallyMetrics.HTTP_IN_FLIGHT), 0);
  }

  @Test
  public void serverErrorsAndFailedRoutesAreFiveHundreds() {
    Route route = route();
    testRoute(route).run(HttpRequest.POST("/boom")).assertStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
    testRoute(route).run(HttpRequest.GET("/thrown")).assertStatusCode(StatusCodes.INTERNAL_SERVER_ERROR);
    recorded(() -> {
      assertEquals(1, metrics.count(TallyMetrics.HTTP_REQUESTS, "method", "POST", "status", "503", "status_class", "5xx"));
      assertEquals(2, metrics.count(TallyMetrics.HTTP_REQUESTS, "status_class", "5xx"));
    });
    assertEquals(0, metrics.value(TallyMetrics.HTTP_IN_FLIGHT), 0);
  }

  @Test
  public void unusualMethodsAreOther() {
    Route route = route();
    testRoute(route).run(HttpRequest.create("/metrics").withMethod(
        akka.http.javadsl.model.HttpMethods.custom("BREW", false, true,
            akka.http.javadsl.model.RequestEntityAcceptances.Tolerated)));
    recorded(() -> assertEquals(1, metrics.count(TallyMetrics.HTTP_REQUESTS, "method", "other")));
  }

  /**
   * The testkit can hand back a response before the route's result future (whose callback records
   * the request) has run its callbacks: seen with an unregistered method.
   */
  private void recorded(Runnable check) {
    new TestKit(system()).awaitAssert(RECORDED_WITHIN, () -> {
      check.run();
      return null;
    });
  }
}
