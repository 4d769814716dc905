package io.tally.http.node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The route template of a request path, the {@code route} label of the HTTP metrics: a path of the
 * API with its variable segments named ({@code /v1/entities/{key}/events}), never the raw path, so
 * that entity keys and ids cannot become label values. A path that is no route of the API (a
 * probe, a typo) is {@code other}. The templates are the paths of {@code docs/openapi.yaml}
 * (RouteTemplatesTest holds them equal), plus the web dashboard's {@code /ui} tree.
 */
public final class RouteTemplates {

  /** The route label of a path that is none of the templates. */
  public static final String OTHER = "other";

  /** Tally's routes; a segment in braces matches any one segment, a trailing ** any rest. */
  public static final List<String> API = List.of(
      "/health/alive",
      "/health/ready",
      "/metrics",
      "/v1/events",
      "/v1/cdc/debezium",
      "/v1/quarantine",
      "/v1/quarantine/{id}",
      "/v1/quarantine/{id}/resubmit",
      "/v1/batches",
      "/v1/batches/{id}",
      "/v1/batches/{id}/rejections",
      "/v1/batches/{id}/differences",
      "/v1/batches/{id}/apply-missing",
      "/v1/checkpoints",
      "/v1/entities/{key}",
      "/v1/entities/{key}/events",
      "/v1/audit/entities/{key}/events",
      "/v1/audit/runs",
      "/v1/audit/runs/{id}",
      "/v1/windows",
      "/v1/windows/corrections",
      "/v1/discrepancies",
      "/v1/reconciliations",
      "/v1/repairs",
      "/v1/repairs/{id}/approve",
      "/ui",
      "/ui/**");

  private record Template(String name, String[] segments, boolean rest) {}

  private final List<Template> templates = new ArrayList<>();

  public RouteTemplates(List<String> templates) {
    for (String t : templates) {
      if (!t.startsWith("/")) {
        throw new IllegalArgumentException("a route template starts with /: " + t);
      }
      boolean rest = t.endsWith("/**");
      String fixed = rest ? t.substring(0, t.length() - 3) : t;
      String[] segments = fixed.substring(1).split("/", -1);
      this.templates.add(new Template(rest ? fixed + "/*" : t, segments, rest));
    }
  }

  public static RouteTemplates api() {
    return new RouteTemplates(API);
  }

  /**
   * The template matching these path segments (the request's decoded segments: a key holding an
   * encoded slash is still one segment), or {@link #OTHER}.
   */
  public String of(List<String> segments) {
    for (Template t : templates) {
      if (matches(t, segments)) {
        return t.name();
      }
    }
    return OTHER;
  }

  /** As {@link #of(List)}, for a raw path split at its slashes (tests, tools). */
  public String ofPath(String path) {
    return of(path.startsWith("/") ? Arrays.asList(path.substring(1).split("/", -1)) : List.of());
  }

  private static boolean matches(Template t, List<String> segments) {
    if (t.rest() ? segments.size() <= t.segments().length : segments.size() != t.segments().length) {
      return false;
    }
    for (int i = 0; i < t.segments().length; i++) {
      String s = t.segments()[i];
      boolean variable = s.startsWith("{") && s.endsWith("}");
      if (variable ? segments.get(i).isEmpty() : !s.equals(segments.get(i))) {
        return false;
      }
    }
    return true;
  }
}
