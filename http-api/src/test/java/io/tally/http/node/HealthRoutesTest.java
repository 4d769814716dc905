package io.tally.http.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.testkit.JUnitRouteTest;
import akka.http.javadsl.testkit.TestRoute;
import akka.http.javadsl.testkit.TestRouteResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.Test;
import io.tally.http.ApiJson;
import io.tally.http.RouteFixture;

public class HealthRoutesTest extends JUnitRouteTest {

  @Override
  public Config additionalConfig() {
    return ConfigFactory.parseString("akka.actor.provider = local");
  }

  private TestRoute routeWith(Readiness readiness) {
    return testRoute(
        new RouteFixture(
                Adapter.toTyped(system()),
                (key, from, limit) -> CompletableFuture.completedFuture(java.util.List.of()),
                () -> CompletableFuture.completedFuture(readiness))
            .route);
  }

  private JsonNode body(TestRouteResult result) throws Exception {
    return ApiJson.create(Adapter.toTyped(system())).mapper().readTree(result.entityString());
  }

  @Test
  public void aliveAnswersWithoutAskingTheStore() throws Exception {
    TestRouteResult result =
        routeWith(Readiness.of(Map.of("cassandra", "down"))).run(HttpRequest.GET("/health/alive"));
    result.assertStatusCode(StatusCodes.OK).assertMediaType("application/json");
    assertEquals("alive", body(result).get("status").asText());
  }

  @Test
  public void readyIs200WhenEveryCheckPasses() throws Exception {
    TestRouteResult result =
        routeWith(Readiness.of(Map.of("cluster", Readiness.OK, "cassandra", Readiness.OK)))
            .run(HttpRequest.GET("/health/ready"));
    result.assertStatusCode(StatusCodes.OK);
    JsonNode body = body(result);
    assertEquals("ready", body.get("status").asText());
    assertEquals("ok", body.get("checks").get("cassandra").asText());
  }

  @Test
  public void readyIs503NamingTheFailingCheck() throws Exception {
    TestRouteResult result =
        routeWith(
                Readiness.of(
                    Map.of("cluster", Readiness.OK, "cassandra", "no answer within PT2S")))
            .run(HttpRequest.GET("/health/ready"));
    result.assertStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
    JsonNode body = body(result);
    assertEquals("not-ready", body.get("status").asText());
    assertEquals("no answer within PT2S", body.get("checks").get("cassandra").asText());
  }

  @Test
  public void unknownRouteIsAJsonNotFound() throws Exception {
    TestRouteResult result =
        routeWith(Readiness.of(Map.of())).run(HttpRequest.GET("/no/such/thing"));
    result.assertStatusCode(StatusCodes.NOT_FOUND).assertMediaType("application/json");
    JsonNode body = body(result);
    assertEquals("not_found", body.get("error").asText());
    assertTrue(body.get("detail").asText().length() > 0);
  }

  @Test
  public void wrongMethodIsAJson405WithAllowHeader() throws Exception {
    TestRouteResult result =
        routeWith(Readiness.of(Map.of())).run(HttpRequest.POST("/health/ready"));
    result.assertStatusCode(StatusCodes.METHOD_NOT_ALLOWED).assertMediaType("application/json");
    assertEquals("method_not_allowed", body(result).get("error").asText());
    assertTrue(result.response().getHeader("Allow").isPresent());
  }
}
