package io.tally.http.ui;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through the system chromedriver (never a Selenium Manager download):
 * bounded page-load, script and element waits, the browser's console log read after each page
 * (any SEVERE entry fails the test), and a screenshot per page. Host resolution is limited to
 * 127.0.0.1, and Chromium's own background traffic is switched off, so the browser talks to
 * nothing but the node under test.
 */
final class HeadlessChromium implements AutoCloseable {

  static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(30);
  static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration WAIT = Duration.ofSeconds(30);
  static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

  final ChromeDriver driver;
  private final ChromeDriverService service;

  HeadlessChromium(BrowserInstall browser) throws IOException {
    service = new ChromeDriverService.Builder().usingDriverExecutable(browser.chromedriver().toFile())
        .usingAnyFreePort().withSilent(true).build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.chromium().toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1");
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD_TIMEOUT).scriptTimeout(SCRIPT_TIMEOUT);
    Files.createDirectories(SCREENSHOTS);
  }

  WebDriverWait waiting() {
    return new WebDriverWait(driver, WAIT);
  }

  /** Waits until the dashboard's page {@code name} has rendered its data ({@code data-state=ready}). */
  void awaitPage(String name) {
    waiting().until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("main#page[data-page='" + name + "'][data-state='ready']")));
  }

  WebElement awaitText(By by, String text) {
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    return driver.findElement(by);
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** Fails on any console entry of level SEVERE (uncaught errors, failed requests, CSP violations). */
  void assertNoConsoleErrors(String page) {
    assertEquals("JavaScript console errors on " + page, List.of(), consoleErrors());
  }

  /** The SEVERE entries of the browser log since the last read (reading empties it). */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::toString).toList();
  }

  Path screenshot(String name) throws IOException {
    Path target = SCREENSHOTS.resolve(name + ".png");
    Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }
}
