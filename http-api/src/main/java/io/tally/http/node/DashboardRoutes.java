package io.tally.http.node;

import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.getFromResource;
import static akka.http.javadsl.server.Directives.getFromResourceDirectory;
import static akka.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static akka.http.javadsl.server.Directives.pathPrefix;
import static akka.http.javadsl.server.Directives.respondWithHeaders;

import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.Route;
import java.util.List;

/**
 * The operators' dashboard: {@code GET /ui} (or {@code /ui/}) is the page and {@code /ui/*} its
 * scripts and styles, static classpath resources under {@code ui/} in this jar. They need no token:
 * the page asks for one and calls the JSON API with it. Every answer carries a Content-Security-
 * Policy that allows only this origin's own scripts, styles and API (no inline script, no other
 * host, no framing), and {@code no-cache}, so that browsers revalidate (Last-Modified) and a new
 * release's scripts are never mixed with an old page.
 */
public final class DashboardRoutes {

  /** Where the assets are on the classpath. */
  static final String RESOURCES = "ui";

  static final String CONTENT_SECURITY_POLICY = String.join("; ",
      "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
      "connect-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'");

  private static final List<HttpHeader> HEADERS = List.of(
      RawHeader.create("Content-Security-Policy", CONTENT_SECURITY_POLICY),
      RawHeader.create("X-Content-Type-Options", "nosniff"),
      RawHeader.create("Referrer-Policy", "no-referrer"),
      RawHeader.create("Cache-Control", "no-cache"));

  public Route routes() {
    return pathPrefix("ui", () -> get(() -> respondWithHeaders(HEADERS, () -> concat(
        pathEndOrSingleSlash(() -> getFromResource(RESOURCES + "/index.html")),
        getFromResourceDirectory(RESOURCES)))));
  }
}
