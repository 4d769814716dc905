package io.tally.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpCharsets;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpMethod;
import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.testkit.JUnitRouteTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.ledger.LedgerCounts;
import io.tally.ledger.LedgerSummary;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;
import io.tally.http.ingest.EventRoutesTest;

/** Keeps docs/openapi.yaml true: every documented operation is served, nothing else is. */
public class OpenApiContractTest extends JUnitRouteTest {

  private static final Path SPEC = Path.of("..", "docs", "openapi.yaml");
  private static final List<HttpMethod> METHODS =
      List.of(HttpMethods.GET, HttpMethods.POST, HttpMethods.PUT, HttpMethods.DELETE, HttpMethods.PATCH);

  @Override
  public Config additionalConfig() {
    return ConfigFactory.parseString("akka.actor.provider = local");
  }

  @Test
  public void everyDocumentedOperationIsServedAndNoOtherMethodOnItsPath() throws Exception {
    JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(SPEC.toFile());
    RouteFixture fixture = new RouteFixture(Adapter.toTyped(system()));
    fixture.ledger.withState(new LedgerSummary("acc-1", BigDecimal.ZERO, LedgerCounts.ZERO, 0, Map.of(),
        false, Optional.empty(), Map.of(), 0, "", Instant.EPOCH, 0, 0, List.of()));
    String runId = new ObjectMapper().readTree(testRoute(fixture.route)
        .run(RouteFixture.as(RouteFixture.ADMIN, HttpRequest.POST("/v1/audit/runs"))).entityString()).get("id").asText();
    // An open quarantine entry for the /v1/quarantine/{id} paths (its re-submission is accepted).
    String quarantineId = new ObjectMapper().readTree(testRoute(fixture.route)
        .run(RouteFixture.as(RouteFixture.ADMIN, HttpRequest.POST("/v1/events").withEntity(HttpEntities.create(
            ContentTypes.APPLICATION_JSON, EventRoutesTest.event("acc-1", "k0", ",\"colour\":1")))))
        .entityString()).get("quarantineId").asText();
    // A finished batch for the /v1/batches/{id} paths.
    String batchId = "contract-batch";
    testRoute(fixture.route).run(RouteFixture.as(RouteFixture.ADMIN, HttpRequest.POST("/v1/batches?id=" + batchId)
        .withEntity(HttpEntities.create(ContentTypes.create(MediaTypes.TEXT_CSV, HttpCharsets.UTF_8),
            "entityKey,eventTime\nacc-1,2026-11-21T10:00:00Z\n"))));
    List<String> checked = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      String id = path.getKey().startsWith("/v1/audit/") ? runId
          : path.getKey().startsWith("/v1/quarantine/") ? quarantineId
          : path.getKey().startsWith("/v1/batches/") ? batchId
          : StubReconciliation.PROPOSED.toString();
      String uri = path.getKey().replace("{key}", "acc-1").replace("{id}", id);
      for (HttpMethod method : METHODS) {
        JsonNode operation = path.getValue().get(method.name().toLowerCase());
        int status = testRoute(fixture.route)
            .run(RouteFixture.as(RouteFixture.ADMIN, request(method, uri)))
            .response().status().intValue();
        String what = method.name() + " " + path.getKey() + " -> " + status;
        if (operation == null) {
          assertEquals("undocumented method served: " + what, 405, status);
        } else {
          assertFalse("documented but not served: " + what, status == 404 || status == 405);
          assertTrue("status not documented: " + what, operation.get("responses").has(Integer.toString(status)));
          checked.add(what);
        }
      }
    }
    assertTrue("the spec lists the API: " + checked, checked.size() >= 5);
  }

  private static HttpRequest request(HttpMethod method, String uri) {
    HttpRequest request = HttpRequest.create(uri).withMethod(method);
    if (method.equals(HttpMethods.POST)) {
      return request.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON,
          EventRoutesTest.event("acc-1", "k1", "")));
    }
    return request;
  }
}
