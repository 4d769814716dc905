package io.tally.http.ui;

import static io.tally.http.ui.DashboardNode.ADMIN;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestProbe;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard in headless Chromium against a real node with data: events over a few entities, a
 * view row made wrong on purpose (auto-repair off, so the detector run from the Runs page leaves a
 * proposed repair), an audit run. Each page is loaded, shows the data (DOM assertions with
 * explicit waits), has no console error and leaves a screenshot in target/ui-screenshots; the
 * repair is approved with the page's Approve button and is applied in the page and in the API.
 */
public class DashboardIT {

  private static final int ENTITIES = 4;
  private static final int EVENTS_PER_ENTITY = 6;
  private static final String PLANTED_SUM = "999";
  private static final Duration DATA_DEADLINE = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(250);

  private static DashboardNode node;
  private static HeadlessChromium browser;
  private static String drifted;
  private static Instant driftedWindow;
  private static Instant firstEventsIngested;

  @BeforeClass
  public static void start() throws Exception {
    BrowserInstall install = BrowserInstall.ensure();
    node = DashboardNode.start(DashboardIT.class);
    browser = new HeadlessChromium(install);
    plantData();
  }

  @AfterClass
  public static void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (node != null) {
        node.close();
      }
    }
  }

  /** Events in two rounds (so that asOf between them shows fewer), then one view row's sum made wrong. */
  private static void plantData() throws Exception {
    Instant t = Instant.now();
    drifted = "ui-acc-0";
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    for (int e = 0; e < ENTITIES; e++) {
      for (int i = 0; i < EVENTS_PER_ENTITY; i++) {
        (i < EVENTS_PER_ENTITY / 2 ? first : second).add(String.format(
            "{\"entityKey\":\"ui-acc-%d\",\"idempotencyKey\":\"k-%d\",\"eventTime\":\"%s\",\"amount\":\"%d.25\"}",
            e, i, t, i + 1));
      }
    }
    ingest(first);
    firstEventsIngested = Instant.now();
    awaitDifferentMillis(firstEventsIngested);
    ingest(second);
    JsonNode row = eventually(() -> {
      JsonNode windows = node.client.json(node.client.get(ADMIN, "/v1/windows?entity=" + drifted + "&from="
          + t.minusSeconds(5) + "&to=" + t.plusSeconds(5)), 200).get("windows");
      assertEquals(windows.toString(), 1, windows.size());
      assertEquals(windows.toString(), EVENTS_PER_ENTITY, windows.get(0).get("count").asLong());
      return windows.get(0);
    });
    driftedWindow = Instant.parse(row.get("windowStart").asText());
    node.cql.execute(String.format("UPDATE %s.window_views SET sum = %s WHERE slice = %d AND window_start = %d"
        + " AND entity_key = '%s'", node.viewsKeyspace(), PLANTED_SUM, row.get("slice").asInt(),
        driftedWindow.toEpochMilli(), drifted));
    // A dry run finds it once the window has settled: from then on the detector run from the page does too.
    eventually(() -> {
      JsonNode report = node.client.json(node.client.post(ADMIN, "/v1/reconciliations?dryRun=true"), 200);
      assertEquals(report.toString(), 1, report.get("discrepancies").size());
      return null;
    });
  }

  private static void ingest(List<String> events) throws Exception {
    JsonNode answer = node.client.json(node.client.post(ADMIN, "/v1/events", "application/json",
        "[" + String.join(",", events) + "]"), 200);
    assertEquals(answer.toString(), events.size(), answer.get("counts").get("accepted").asInt());
  }

  /** The asOf instant must fall strictly between the two rounds' ingestion times. */
  private static void awaitDifferentMillis(Instant after) {
    eventually(() -> {
      assertTrue(Instant.now().toEpochMilli() > after.toEpochMilli() + 1);
      return null;
    });
  }

  private static <T> T eventually(java.util.concurrent.Callable<T> check) {
    return TestProbe.create(node.node.system()).awaitAssert(DATA_DEADLINE, POLL, () -> {
      try {
        return check.call();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  private void open(String hash) {
    browser.driver.get(node.base + "/ui/" + hash);
  }

  private void enterToken(String token) {
    WebElement input = browser.driver.findElement(By.id("token-input"));
    input.clear();
    input.sendKeys(token);
    browser.driver.findElement(By.id("token-use")).click();
  }

  @Test
  public void everyPageShowsTheNodesDataAndARepairIsApprovedFromThePage() throws Exception {
    assetsAreServedWithTypesAndAStrictPolicy();

    open("#/runs");
    browser.awaitText(By.id("no-token"), "Enter an API token");
    browser.script("console.error('tally-it: the console check works')");
    assertEquals("the console check sees errors", 1, browser.consoleErrors().size());
    browser.assertNoConsoleErrors("the page without a token");
    enterToken(ADMIN);
    assertEquals(ADMIN, browser.script("return sessionStorage.getItem('tally.token')"));
    assertEquals(0L, browser.script("return localStorage.length"));
    assertEquals("", browser.script("return document.cookie"));
    assertFalse(browser.driver.getCurrentUrl().contains(ADMIN));

    // Runs: an audit run started elsewhere (a script) is listed; the detector run from the page records the
    // divergence and proposes its repair; an audit run started from the page completes.
    String scripted = node.client.json(node.client.post(ADMIN, "/v1/audit/runs"), 202).get("id").asText();
    open("#/runs");
    browser.awaitPage("runs");
    browser.awaitText(By.id("audit-rows"), scripted);
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-run-state='completed']")));
    browser.driver.findElement(By.id("reconcile-start")).click();
    browser.awaitText(By.id("reconcile-repairs"), drifted + ": proposed");
    assertEquals("1", browser.driver.findElement(By.id("reconcile-discrepancies")).getText());
    browser.driver.findElement(By.id("audit-start")).click();
    browser.awaitText(By.id("audit-outcome"), "started");
    browser.waiting().until(ExpectedConditions.numberOfElementsToBe(
        By.cssSelector("#audit-rows [data-run-state='completed']"), 2));
    browser.awaitText(By.id("audit-rows"), "chain breaks 0");
    browser.awaitText(By.id("detector-outcomes"), "completed");
    browser.assertNoConsoleErrors("runs");
    browser.screenshot("1-runs");

    // Discrepancies: the planted row, expected (journal) beside actual (the view's wrong sum).
    open("#/discrepancies");
    browser.awaitPage("discrepancies");
    WebElement discrepancies = browser.awaitText(By.id("discrepancies-rows"), drifted);
    assertTrue(discrepancies.getText(), discrepancies.getText().contains("sum " + PLANTED_SUM));
    assertTrue(discrepancies.getText(), discrepancies.getText().contains("mismatch"));
    browser.assertNoConsoleErrors("discrepancies");
    browser.screenshot("2-discrepancies");

    // Repairs: Approve on the proposed repair; the row turns applied, and so does the API's record.
    open("#/repairs");
    browser.awaitPage("repairs");
    WebElement approve = browser.waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.approve")));
    String repairId = approve.getAttribute("data-repair");
    browser.screenshot("3-repairs-proposed");
    approve.click();
    browser.awaitText(By.id("approve-outcome"), "applied");
    browser.awaitText(By.cssSelector("[data-repair-status='" + repairId + "']"), "applied");
    assertEquals("ui-admin", browser.driver.findElement(By.cssSelector("[data-repair-approver='" + repairId + "']")).getText());
    assertTrue(browser.driver.findElements(By.cssSelector("button.approve[data-repair='" + repairId + "']")).isEmpty());
    browser.assertNoConsoleErrors("repairs");
    browser.screenshot("4-repairs-approved");
    JsonNode repair = findRepair(repairId);
    assertEquals("applied", repair.get("status").asText());
    assertEquals("ui-admin", repair.get("approvedBy").asText());
    JsonNode view = node.client.json(node.client.get(ADMIN, "/v1/windows?entity=" + drifted + "&from=" + driftedWindow
        + "&to=" + driftedWindow.plusSeconds(1)), 200).get("windows").get(0);
    assertEquals(0, sumOfFirst(EVENTS_PER_ENTITY).compareTo(new BigDecimal(view.get("sum").asText())));

    // Entity: state, state as of between the two rounds, windows chart and view rows, events with chain status.
    String asOf = firstEventsIngested.toString();
    open("#/entity/" + drifted + "?asOf=" + URLEncoder.encode(asOf, StandardCharsets.UTF_8));
    browser.awaitPage("entity");
    browser.awaitText(By.id("entity-state"), sumOfFirst(EVENTS_PER_ENTITY).toPlainString());
    browser.awaitText(By.id("entity-asof-state"), sumOfFirst(EVENTS_PER_ENTITY / 2).toPlainString());
    assertEquals(String.valueOf(EVENTS_PER_ENTITY / 2), browser.driver.findElement(
        By.xpath("//div[@id='entity-asof-state']//dt[.='Last seqNr']/following-sibling::dd[1]")).getText());
    WebElement views = browser.awaitText(By.id("view-rows"), sumOfFirst(EVENTS_PER_ENTITY).stripTrailingZeros().toPlainString());
    assertTrue(views.getText(), views.getText().contains("yes"));
    assertEquals("entity and view bars of the one window", 2,
        browser.driver.findElements(By.cssSelector("#entity-window-chart svg rect")).size());
    assertEquals(EVENTS_PER_ENTITY, browser.driver.findElements(By.cssSelector("#event-rows .chain-ok")).size());
    browser.assertNoConsoleErrors("entity");
    browser.screenshot("5-entity");

    // Overview: ingest outcomes from /metrics, per-slice projection rows, the divergence figures.
    open("#/overview");
    browser.awaitPage("overview");
    browser.awaitText(By.id("ingest-outcomes"), "accepted");
    String accepted = browser.driver.findElement(By.xpath("//table[@id='ingest-outcomes']//tr[td[1]='accepted']/td[2]")).getText();
    assertEquals(String.valueOf(ENTITIES * EVENTS_PER_ENTITY), accepted);
    browser.waiting().until(d -> !d.findElements(By.cssSelector("#slice-rows tbody tr")).isEmpty());
    browser.awaitText(By.id("divergence-totals"), "found 1");
    browser.awaitText(By.id("divergence-totals"), "repaired 1");
    browser.awaitText(By.id("records-summary"), "1 discrepancies, 1 repairs");
    // A rate needs two polls: then the ingest chart has its line.
    browser.waiting().until(d -> !d.findElements(By.cssSelector("#ingest svg polyline")).isEmpty());
    browser.assertNoConsoleErrors("overview");
    browser.screenshot("6-overview");
  }

  /**
   * The page's Prometheus parser, run in the browser on a text with a summary, a histogram (as
   * Micrometer writes latencies), a counter declared without its _total, an unknown family and a
   * malformed line: sums by label and p99 from quantiles or buckets alike.
   */
  @Test
  public void thePrometheusParserReadsSummariesHistogramsAndUnknownFamilies() {
    open("");
    browser.waiting().until(d -> d.findElement(By.id("page")).getAttribute("data-state") != null);
    String text = String.join("\n",
        "# HELP tally_ingest_outcomes Ingest outcomes", "# TYPE tally_ingest_outcomes counter",
        "tally_ingest_outcomes_total{outcome=\"accepted\"} 10", "tally_ingest_outcomes_total{outcome=\"duplicate\"} 2",
        "# TYPE tally_projection_lag_seconds summary",
        "tally_projection_lag_seconds{slice=\"0\",quantile=\"0.99\"} 0.5",
        "tally_projection_lag_seconds_sum{slice=\"0\"} 3", "tally_projection_lag_seconds_count{slice=\"0\"} 10",
        "# TYPE lag_histogram_seconds histogram",
        "lag_histogram_seconds_bucket{slice=\"1\",le=\"0.1\"} 0", "lag_histogram_seconds_bucket{slice=\"1\",le=\"1.0\"} 10",
        "lag_histogram_seconds_bucket{slice=\"1\",le=\"+Inf\"} 10", "lag_histogram_seconds_count{slice=\"1\"} 10",
        "some_unknown_family{a=\"x\\\"y\"} 7 1700000000000", "this line is not a sample", "# EOF");
    Object result = ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeAsyncScript(
        "const [text, done] = arguments;"
            + "import('/ui/prometheus.js').then(p => { const f = p.parse(text); done(JSON.stringify({"
            + " outcomes: p.sumBy(f, 'tally_ingest_outcomes_total', 'outcome'),"
            + " summary: p.quantileBy(f, 'tally_projection_lag_seconds', 'slice', 0.99),"
            + " histogram: p.quantileBy(f, 'lag_histogram_seconds', 'slice', 0.99),"
            + " unknown: p.samples(f, 'some_unknown_family')[0].labels.a, families: [...f.keys()].length })); },"
            + " e => done('failed: ' + e));", text);
    assertEquals("{\"outcomes\":{\"accepted\":10,\"duplicate\":2},\"summary\":{\"0\":0.5},"
        + "\"histogram\":{\"1\":0.991},\"unknown\":\"x\\\"y\",\"families\":4}", result);
    browser.assertNoConsoleErrors("the parser check");
  }

  /** The amounts of events 0..n-1 of an entity: 1.25, 2.25, ... */
  private static BigDecimal sumOfFirst(int n) {
    BigDecimal sum = BigDecimal.ZERO;
    for (int i = 0; i < n; i++) {
      sum = sum.add(new BigDecimal((i + 1) + ".25"));
    }
    return sum;
  }

  private static JsonNode findRepair(String id) throws Exception {
    for (JsonNode r : node.client.json(node.client.get(ADMIN, "/v1/repairs?limit=100"), 200).get("items")) {
      if (r.get("id").asText().equals(id)) {
        return r;
      }
    }
    throw new AssertionError("no repair " + id + " in the API's list");
  }

  /** The page and its assets: public, their own content types, the CSP, no caching without revalidation. */
  private void assetsAreServedWithTypesAndAStrictPolicy() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Map<String, String> types = Map.of("/ui", "text/html", "/ui/", "text/html", "/ui/app.js", "application/javascript",
        "/ui/pages/overview.js", "application/javascript", "/ui/app.css", "text/css");
    for (Map.Entry<String, String> asset : types.entrySet()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.base + asset.getKey()))
          .timeout(HeadlessChromium.WAIT).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(asset.getKey(), 200, r.statusCode());
      assertTrue(asset.getKey(), r.headers().firstValue("Content-Type").orElse("").startsWith(asset.getValue()));
      String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
      assertTrue(csp, csp.contains("script-src 'self'") && csp.contains("default-src 'none'") && !csp.contains("unsafe"));
      assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElse(""));
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
    }
    HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(node.base + "/ui/nothing.js"))
        .timeout(HeadlessChromium.WAIT).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, missing.statusCode());
  }
}
