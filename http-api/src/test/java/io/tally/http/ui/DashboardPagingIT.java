package io.tally.http.ui;

import static io.tally.http.ui.DashboardNode.READ;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.fasterxml.jackson.databind.JsonNode;
import io.tally.projections.CqlStore;
import io.tally.projections.ProjectionSettings;
import io.tally.projections.drift.CassandraReconciliationStore;
import io.tally.projections.drift.Discrepancy;
import io.tally.projections.drift.DiscrepancyKind;
import io.tally.projections.window.WindowValues;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;

/**
 * 10,000 discrepancy records (written through the drift store) and the dashboard stays paged: the
 * discrepancies page asks for one page of {@code PAGE_SIZE} and renders only that, Next and
 * Previous walk the pages, and the API's pages hold every record once. The page's load time
 * (navigation start to the table rendered, from the page's own performance mark) is measured and
 * written to target/dashboard-load.txt, not asserted (speed is measured, not timed in tests).
 */
public class DashboardPagingIT {

  private static final int RECORDS = 10_000;
  private static final int PAGE_SIZE = 50;
  private static final int API_PAGE = 1000;
  private static final int WRITES_AT_ONCE = 100;
  private static final int LOADS_MEASURED = 5;
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);
  private static final Path FIGURES = Path.of("target", "dashboard-load.txt");

  private static DashboardNode node;
  private static HeadlessChromium browser;

  @BeforeClass
  public static void start() throws Exception {
    BrowserInstall install = BrowserInstall.ensure();
    node = DashboardNode.start(DashboardPagingIT.class);
    browser = new HeadlessChromium(install);
    plantRecords();
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

  private static void plantRecords() throws Exception {
    CqlStore cql = CqlStore.start(node.node.system(), ProjectionSettings.create(node.config))
        .toCompletableFuture().get(WRITE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    CassandraReconciliationStore store = new CassandraReconciliationStore(cql, Clock.systemUTC());
    UUID run = UUID.randomUUID();
    Instant window = Instant.now().minusSeconds(60);
    List<CompletableFuture<Void>> inFlight = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      Discrepancy d = new Discrepancy(Uuids.timeBased(), run, DiscrepancyKind.MISMATCH, "bulk-" + i, i % 2, window,
          Optional.of(new WindowValues(2, new BigDecimal(i), i, 0, 0)),
          Optional.of(new WindowValues(1, BigDecimal.ONE, 7, 0, 0)), Instant.now());
      inFlight.add(store.save(d).toCompletableFuture());
      if (inFlight.size() == WRITES_AT_ONCE) {
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(WRITE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        inFlight.clear();
      }
    }
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(WRITE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  public void theApiPagesHoldEveryRecordOnce() throws Exception {
    Set<String> ids = new HashSet<>();
    String after = null;
    int pages = 0;
    for (int i = 0; i <= RECORDS / API_PAGE + 1; i++) {
      JsonNode page = node.client.json(node.client.get(READ, "/v1/discrepancies?limit=" + API_PAGE
          + (after == null ? "" : "&after=" + after)), 200);
      assertTrue(page.get("items").size() <= API_PAGE);
      page.get("items").forEach(d -> ids.add(d.get("id").asText()));
      pages++;
      if (!page.has("next")) {
        break;
      }
      after = page.get("next").asText();
    }
    assertEquals(RECORDS, ids.size());
    assertEquals(RECORDS / API_PAGE, pages);
  }

  @Test
  public void theDiscrepanciesPageLoadsOnePageAndWalksThePages() throws Exception {
    browser.driver.get(node.base + "/ui/#/discrepancies");
    browser.driver.findElement(By.id("token-input")).sendKeys(READ);
    browser.driver.findElement(By.id("token-use")).click();
    browser.awaitPage("discrepancies");

    List<Double> loads = new ArrayList<>();
    for (int i = 0; i < LOADS_MEASURED; i++) {
      browser.driver.navigate().refresh();
      browser.awaitPage("discrepancies");
      loads.add(((Number) browser.script(
          "return performance.getEntriesByName('tally:discrepancies:rendered')[0].startTime")).doubleValue());
      assertEquals("one bounded request per load", List.of(node.base + "/v1/discrepancies?limit=" + PAGE_SIZE), apiRequests());
      assertEquals(PAGE_SIZE, rows());
    }
    browser.assertNoConsoleErrors("discrepancies with " + RECORDS + " records");
    browser.screenshot("7-discrepancies-10000");

    String first = firstRow();
    browser.driver.findElement(By.id("discrepancies-next")).click();
    browser.awaitText(By.id("discrepancies-page"), "page 2");
    browser.awaitPage("discrepancies");
    String second = firstRow();
    assertNotEquals(first, second);
    assertEquals(PAGE_SIZE, rows());
    browser.driver.findElement(By.id("discrepancies-next")).click();
    browser.awaitText(By.id("discrepancies-page"), "page 3");
    browser.awaitPage("discrepancies");
    browser.driver.findElement(By.id("discrepancies-previous")).click();
    browser.awaitText(By.id("discrepancies-page"), "page 2");
    browser.awaitPage("discrepancies");
    assertEquals(second, firstRow());
    List<String> requests = apiRequests();
    assertEquals(requests.toString(), 4, requests.size());
    assertTrue(requests.toString(), requests.stream().allMatch(r -> r.contains("limit=" + PAGE_SIZE)));
    browser.assertNoConsoleErrors("discrepancies, paged");
    browser.screenshot("8-discrepancies-page-2");

    List<Double> sorted = loads.stream().sorted().toList();
    String figures = String.format(java.util.Locale.ROOT,
        "discrepancies page with %d records, %d rows per page: navigation start to table rendered, %d loads:"
            + " median %.0f ms, max %.0f ms, all %s%n", RECORDS, PAGE_SIZE, LOADS_MEASURED,
        sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), loads);
    Files.writeString(FIGURES, figures);
    System.out.print("tally-it: " + figures);
  }

  private List<String> apiRequests() {
    @SuppressWarnings("unchecked")
    List<String> names = (List<String>) browser.script("return performance.getEntriesByType('resource')"
        + ".map(e => e.name).filter(n => n.includes('/v1/'))");
    return names;
  }

  private int rows() {
    return browser.driver.findElements(By.cssSelector("#discrepancies-rows tbody tr")).size();
  }

  private String firstRow() {
    return browser.driver.findElement(By.cssSelector("#discrepancies-rows tbody tr")).getText();
  }
}
