package io.tally.http.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.testkit.JUnitRouteTest;
import akka.http.javadsl.testkit.TestRouteResult;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.projections.metrics.TallyMetrics;
import java.time.Duration;
import org.junit.Test;
import io.tally.http.RouteFixture;

public class MetricsRoutesTest extends JUnitRouteTest {

  @Override
  public Config additionalConfig() {
    return ConfigFactory.parseString("akka.actor.provider = local");
  }

  @Test
  public void metricsAreServedInThePrometheusTextFormat() {
    RouteFixture fixture = new RouteFixture(Adapter.toTyped(system()));
    TallyMetrics metrics = fixture.metrics;
    metrics.lag(3, Duration.ofMillis(250));
    metrics.divergence("missing", Duration.ofSeconds(2));
    metrics.ingested("duplicate", 4);
    TestRouteResult result = testRoute(fixture.route).run(RouteFixture.as(RouteFixture.READ, HttpRequest.GET("/metrics")));
    result.assertStatusCode(StatusCodes.OK);
    result.assertContentType(MetricsRoutes.PROMETHEUS_TEXT);
    assertEquals("text/plain; version=0.0.4; charset=UTF-8", MetricsRoutes.PROMETHEUS_TEXT.toString());
    String body = result.entityString();
    assertTrue(body, body.contains("# TYPE tally_projection_lag_seconds histogram"));
    assertTrue(body, body.contains("tally_projection_lag_seconds_bucket{slice=\"3\",le=\"0.2\"} 0"));
    assertTrue(body, body.contains("tally_projection_lag_seconds_bucket{slice=\"3\",le=\"0.3\"} 1"));
    assertTrue(body, body.contains("tally_projection_lag_seconds_count{slice=\"3\"} 1"));
    assertTrue(body, body.contains("tally_divergences_found_total{kind=\"missing\"} 1.0"));
    assertTrue(body, body.contains("tally_ingest_outcomes_total{outcome=\"duplicate\"} 4.0"));
    testRoute(fixture.route).run(HttpRequest.GET("/metrics")).assertStatusCode(StatusCodes.UNAUTHORIZED);
  }
}
