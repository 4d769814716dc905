package io.tally.http.read;

import static org.junit.Assert.assertEquals;

import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.testkit.JUnitRouteTest;
import akka.http.javadsl.testkit.TestRouteResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.ledger.Slices;
import io.tally.projections.window.RowChange;
import io.tally.projections.window.WindowCorrection;
import io.tally.projections.window.WindowKey;
import io.tally.projections.window.WindowValues;
import io.tally.projections.window.WindowView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.Before;
import org.junit.Test;
import io.tally.http.RouteFixture;

public class WindowRoutesTest extends JUnitRouteTest {

  private static final Instant W0 = Instant.parse("2026-11-21T11:00:00Z");
  private static final Instant W1 = Instant.parse("2026-11-21T11:01:00Z");
  private final ObjectMapper mapper = new ObjectMapper();
  private RouteFixture fixture;
  private int slice;

  @Override
  public Config additionalConfig() {
    return ConfigFactory.parseString("akka.actor.provider = local");
  }

  @Before
  public void setUp() {
    fixture = new RouteFixture(Adapter.toTyped(system()));
    slice = Slices.of("acc-1", 8);
    WindowValues before = WindowValues.EMPTY.recorded(new BigDecimal("1.5"), 7, false);
    WindowValues after = before.recorded(new BigDecimal("2"), 9, true);
    fixture.views.put(new WindowView("acc-1", slice, W0, before, 1, 1, W0));
    fixture.views.write(List.of(new RowChange(new WindowKey("acc-1", W1), slice,
        Optional.of(new WindowView("acc-1", slice, W1, after, 3, 2, W1)),
        List.of(new WindowCorrection("acc-1", W1, 2, before, after, 3, "late-event", W1)))));
  }

  private TestRouteResult get(String token, String uri) {
    return testRoute(fixture.route).run(RouteFixture.as(token, HttpRequest.GET(uri)));
  }

  private JsonNode json(TestRouteResult result) throws Exception {
    return mapper.readTree(result.entityString());
  }

  @Test
  public void anEntitysWindowsInARangeAreListedOldestFirst() throws Exception {
    TestRouteResult result = get(RouteFixture.READ, "/v1/windows?entity=acc-1&from=2026-11-21T10:59:30Z&to=2026-11-21T11:05:00Z");
    result.assertStatusCode(StatusCodes.OK);
    JsonNode windows = json(result).get("windows");
    assertEquals(2, windows.size());
    assertEquals("2026-11-21T11:00:00Z", windows.get(0).get("windowStart").asText());
    assertEquals("2026-11-21T11:01:00Z", windows.get(0).get("windowEnd").asText());
    assertEquals("1.5", windows.get(0).get("sum").asText());
    assertEquals(2, windows.get(1).get("version").asLong());
    assertEquals(1, windows.get(1).get("lateCount").asLong());
    assertEquals("10", windows.get(1).get("digest").asText());
  }

  @Test
  public void aSliceWindowListsItsEntities() throws Exception {
    TestRouteResult result = get(RouteFixture.READ, "/v1/windows?slice=" + slice + "&window=2026-11-21T11:00:00Z");
    result.assertStatusCode(StatusCodes.OK);
    assertEquals("acc-1", json(result).get("windows").get(0).get("entityKey").asText());
  }

  @Test
  public void correctionsShowBeforeAndAfter() throws Exception {
    TestRouteResult result = get(RouteFixture.READ, "/v1/windows/corrections?entity=acc-1");
    result.assertStatusCode(StatusCodes.OK);
    JsonNode c = json(result).get("corrections").get(0);
    assertEquals("late-event", c.get("cause").asText());
    assertEquals("1.5", c.get("before").get("sum").asText());
    assertEquals("3.5", c.get("after").get("sum").asText());
  }

  @Test
  public void badQueriesName400WithTheField() throws Exception {
    assertEquals("entity", json(get(RouteFixture.READ, "/v1/windows")).get("field").asText());
    TestRouteResult noTo = get(RouteFixture.READ, "/v1/windows?entity=acc-1&from=2026-11-21T11:00:00Z");
    noTo.assertStatusCode(StatusCodes.BAD_REQUEST);
    assertEquals("to", json(noTo).get("field").asText());
    TestRouteResult tooWide = get(RouteFixture.READ, "/v1/windows?entity=acc-1&from=2026-01-01T00:00:00Z&to=2026-11-21T00:00:00Z");
    assertEquals("to", json(tooWide).get("field").asText());
    TestRouteResult badSlice = get(RouteFixture.READ, "/v1/windows?slice=99&window=2026-11-21T11:00:00Z");
    assertEquals("slice", json(badSlice).get("field").asText());
    TestRouteResult unaligned = get(RouteFixture.READ, "/v1/windows?slice=0&window=2026-11-21T11:00:01Z");
    assertEquals("window", json(unaligned).get("field").asText());
  }

  @Test
  public void instantsOutsideYearsOneTo9999Are400NotAnOverflow() throws Exception {
    for (String[] c : List.of(
        new String[] {"/v1/windows?entity=acc-1&from=+300000000-01-01T00:00:00Z&to=+300000000-01-01T01:00:00Z", "from"},
        new String[] {"/v1/windows?entity=acc-1&from=2026-11-21T11:00:00Z&to=+300000000-01-01T00:00:00Z", "to"},
        new String[] {"/v1/windows?entity=acc-1&from=-300000000-01-01T00:00:00Z&to=2026-11-21T11:00:00Z", "from"},
        new String[] {"/v1/windows?slice=0&window=+300000000-01-01T00:00:00Z", "window"},
        new String[] {"/v1/windows?entity=acc/../1&from=2026-11-21T10:00:00Z&to=2026-11-21T11:00:00Z", "entity"},
        new String[] {"/v1/windows/corrections?entity=./acc", "entity"})) {
      TestRouteResult result = get(RouteFixture.READ, c[0].replace("+", "%2B"));
      result.assertStatusCode(StatusCodes.BAD_REQUEST);
      assertEquals(c[0], c[1], json(result).get("field").asText());
    }
  }

  @Test
  public void windowsNeedAToken() throws Exception {
    TestRouteResult result = testRoute(fixture.route).run(HttpRequest.GET("/v1/windows?slice=0&window=2026-11-21T11:00:00Z"));
    result.assertStatusCode(StatusCodes.UNAUTHORIZED);
    assertEquals("unauthorized", json(result).get("error").asText());
  }
}
