package io.tally.http.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.testkit.JUnitRouteTest;
import akka.http.javadsl.testkit.TestRoute;
import akka.http.javadsl.testkit.TestRouteResult;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.http.RouteFixture;
import java.util.List;
import org.junit.Before;
import org.junit.Test;

/** The dashboard's assets through the whole route: public, typed, with the CSP; nothing else served. */
public class DashboardRoutesTest extends JUnitRouteTest {

  private TestRoute route;

  @Override
  public Config additionalConfig() {
    return ConfigFactory.parseString("akka.actor.provider = local");
  }

  @Before
  public void setUp() {
    route = testRoute(new RouteFixture(Adapter.toTyped(system())).route);
  }

  @Test
  public void thePageAndItsAssetsAreServedWithoutATokenWithTheirTypesAndThePolicy() {
    for (List<String> asset : List.of(List.of("/ui", "text/html"), List.of("/ui/", "text/html"),
        List.of("/ui/app.js", "application/javascript"), List.of("/ui/pages/repairs.js", "application/javascript"),
        List.of("/ui/app.css", "text/css"))) {
      TestRouteResult result = route.run(HttpRequest.GET(asset.get(0)));
      result.assertStatusCode(StatusCodes.OK);
      assertTrue(asset.get(0), result.response().entity().getContentType().mediaType().toString().startsWith(asset.get(1)));
      result.assertHeaderExists("Content-Security-Policy", DashboardRoutes.CONTENT_SECURITY_POLICY);
      result.assertHeaderExists("Cache-Control", "no-cache");
      result.assertHeaderExists("X-Content-Type-Options", "nosniff");
    }
    assertTrue(route.run(HttpRequest.GET("/ui/")).entityString().contains("<script type=\"module\" src=\"/ui/app.js\">"));
  }

  @Test
  public void thePolicyAllowsNoInlineScriptAndNoOtherHost() {
    String policy = DashboardRoutes.CONTENT_SECURITY_POLICY;
    assertTrue(policy.contains("default-src 'none'"));
    assertTrue(policy.contains("script-src 'self'"));
    assertTrue(policy.contains("frame-ancestors 'none'"));
    assertTrue(!policy.contains("unsafe") && !policy.contains("*") && !policy.contains("http"));
  }

  @Test
  public void unknownAssetsAndOtherResourcesAreNotServed() {
    for (String path : List.of("/ui/nothing.js", "/ui/../application.conf", "/ui/%2e%2e/logback.xml", "/application.conf")) {
      assertEquals(path, StatusCodes.NOT_FOUND, route.run(HttpRequest.GET(path)).status());
    }
    assertEquals(StatusCodes.METHOD_NOT_ALLOWED, route.run(HttpRequest.POST("/ui/app.js")).status());
  }
}
