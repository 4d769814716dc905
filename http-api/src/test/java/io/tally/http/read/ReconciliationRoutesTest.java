package io.tally.http.read;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.testkit.JUnitRouteTest;
import akka.http.javadsl.testkit.TestRouteResult;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.projections.drift.Discrepancy;
import io.tally.projections.drift.DiscrepancyKind;
import io.tally.projections.repair.RepairStatus;
import io.tally.projections.window.WindowValues;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.Before;
import org.junit.Test;
import io.tally.http.RouteFixture;
import io.tally.http.StubReconciliation;

public class ReconciliationRoutesTest extends JUnitRouteTest {

  private final ObjectMapper mapper = new ObjectMapper();
  private RouteFixture fixture;

  @Override
  public Config additionalConfig() {
    return ConfigFactory.parseString("akka.actor.provider = local");
  }

  @Before
  public void setUp() {
    fixture = new RouteFixture(Adapter.toTyped(system()));
    fixture.reconciliation.discrepancies.add(new Discrepancy(Uuids.timeBased(), UUID.randomUUID(),
        DiscrepancyKind.MISSING, "acc-1", 3, Instant.parse("2026-11-21T11:00:00Z"),
        Optional.of(new WindowValues(2, new BigDecimal("12.5"), 99, 0, 0)), Optional.empty(),
        Instant.parse("2026-11-21T11:02:00Z")));
    fixture.reconciliation.repairs.add(StubReconciliation.repair(StubReconciliation.PROPOSED, RepairStatus.PROPOSED));
  }

  private TestRouteResult run(String token, HttpRequest request) {
    return testRoute(fixture.route).run(RouteFixture.as(token, request));
  }

  private JsonNode json(TestRouteResult result) throws Exception {
    return mapper.readTree(result.entityString());
  }

  @Test
  public void discrepanciesAndRepairsAreReadable() throws Exception {
    TestRouteResult discrepancies = run(RouteFixture.READ, HttpRequest.GET("/v1/discrepancies"));
    discrepancies.assertStatusCode(StatusCodes.OK);
    JsonNode d = json(discrepancies).get("items").get(0);
    assertEquals("missing", d.get("kind").asText());
    assertEquals("12.5", d.get("expected").get("sum").asText());
    assertTrue(d.get("actual").isNull());
    TestRouteResult repairs = run(RouteFixture.READ, HttpRequest.GET("/v1/repairs?limit=5"));
    repairs.assertStatusCode(StatusCodes.OK);
    assertEquals("proposed", json(repairs).get("items").get(0).get("status").asText());
    assertEquals("limit", json(run(RouteFixture.READ, HttpRequest.GET("/v1/repairs?limit=0"))).get("field").asText());
  }

  @Test
  public void discrepanciesPageWithAfterUntilTheLastPage() throws Exception {
    for (int i = 0; i < 4; i++) {
      fixture.reconciliation.discrepancies.add(new Discrepancy(Uuids.timeBased(), UUID.randomUUID(),
          DiscrepancyKind.MISMATCH, "acc-" + (i + 2), 1, Instant.parse("2026-11-21T11:00:00Z"), Optional.empty(),
          Optional.empty(), Instant.parse("2026-11-21T11:02:00Z")));
    }
    JsonNode first = json(run(RouteFixture.READ, HttpRequest.GET("/v1/discrepancies?limit=2")));
    assertEquals(2, first.get("items").size());
    String next = first.get("next").asText();
    JsonNode second = json(run(RouteFixture.READ, HttpRequest.GET("/v1/discrepancies?limit=2&after=" + next)));
    assertEquals("acc-3", second.get("items").get(0).get("entityKey").asText());
    JsonNode last = json(run(RouteFixture.READ,
        HttpRequest.GET("/v1/discrepancies?limit=2&after=" + second.get("next").asText())));
    assertEquals(1, last.get("items").size());
    assertTrue("no next on the last page", last.get("next") == null);
    assertEquals(Optional.of(fixture.reconciliation.discrepancies.get(1).id()),
        fixture.reconciliation.afters.get(1));
  }

  @Test
  public void aBadAfterIsA400NamingIt() throws Exception {
    for (String uri : new String[] {"/v1/discrepancies?after=nonsense", "/v1/repairs?after=",
        "/v1/repairs?after=" + "x".repeat(5000)}) {
      TestRouteResult bad = run(RouteFixture.READ, HttpRequest.GET(uri));
      bad.assertStatusCode(StatusCodes.BAD_REQUEST);
      assertEquals(uri, "after", json(bad).get("field").asText());
    }
  }

  @Test
  public void aRunNeedsAdminAndHonoursDryRun() throws Exception {
    run(RouteFixture.READ, HttpRequest.POST("/v1/reconciliations")).assertStatusCode(StatusCodes.FORBIDDEN);
    TestRouteResult dry = run(RouteFixture.ADMIN, HttpRequest.POST("/v1/reconciliations")
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"dryRun\": true}")));
    dry.assertStatusCode(StatusCodes.OK);
    assertTrue(json(dry).get("dryRun").asBoolean());
    assertEquals(1, json(dry).get("discrepancies").size());
    run(RouteFixture.ADMIN, HttpRequest.POST("/v1/reconciliations?dryRun=false")).assertStatusCode(StatusCodes.OK);
    assertEquals(2, fixture.reconciliation.runs.size());
    assertTrue(fixture.reconciliation.runs.get(0), fixture.reconciliation.runs.get(0).matches("on-demand/.+/dry-run"));
    assertTrue(fixture.reconciliation.runs.get(1), fixture.reconciliation.runs.get(1).matches("on-demand/.+/write"));
  }

  @Test
  public void aBadRunBodyOrABusyDetectorAreJsonErrors() throws Exception {
    TestRouteResult bad = run(RouteFixture.ADMIN, HttpRequest.POST("/v1/reconciliations")
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"dryRun\": \"maybe\", \"x\": 1}")));
    bad.assertStatusCode(StatusCodes.BAD_REQUEST);
    assertEquals("dryRun", json(bad).get("field").asText());
    fixture.reconciliation.busy = true;
    TestRouteResult busy = run(RouteFixture.ADMIN, HttpRequest.POST("/v1/reconciliations"));
    busy.assertStatusCode(StatusCodes.CONFLICT);
    assertEquals("conflict", json(busy).get("error").asText());
  }

  @Test
  public void approvingAppliesAProposedRepairOnlyForAdmins() throws Exception {
    String uri = "/v1/repairs/" + StubReconciliation.PROPOSED + "/approve";
    run(RouteFixture.READ, HttpRequest.POST(uri)).assertStatusCode(StatusCodes.FORBIDDEN);
    TestRouteResult approved = run(RouteFixture.ADMIN, HttpRequest.POST(uri));
    approved.assertStatusCode(StatusCodes.OK);
    assertEquals("applied", json(approved).get("status").asText());
    assertTrue(json(approved).get("approvedBy").asText().length() > 0);
    run(RouteFixture.ADMIN, HttpRequest.POST("/v1/repairs/" + StubReconciliation.APPLIED + "/approve"))
        .assertStatusCode(StatusCodes.CONFLICT);
    run(RouteFixture.ADMIN, HttpRequest.POST("/v1/repairs/" + UUID.randomUUID() + "/approve"))
        .assertStatusCode(StatusCodes.NOT_FOUND);
    TestRouteResult badId = run(RouteFixture.ADMIN, HttpRequest.POST("/v1/repairs/not-a-uuid/approve"));
    badId.assertStatusCode(StatusCodes.BAD_REQUEST);
    assertEquals("id", json(badId).get("field").asText());
  }
}
