package io.tally.http.node;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.Test;

public class RouteTemplatesTest {

  private final RouteTemplates templates = RouteTemplates.api();

  @Test
  public void theTemplatesAreTheDocumentedPaths() throws Exception {
    JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "docs", "openapi.yaml").toFile());
    List<String> documented = new ArrayList<>();
    spec.get("paths").fieldNames().forEachRemaining(documented::add);
    List<String> api = new ArrayList<>(RouteTemplates.API);
    api.removeIf(t -> t.startsWith("/ui"));
    assertEquals(new TreeSet<>(documented), new TreeSet<>(api));
    for (String path : documented) {
      assertEquals(path, templates.ofPath(path));
    }
  }

  @Test
  public void keysAndIdsBecomeTheirPlaceholder() {
    assertEquals("/v1/entities/{key}", templates.ofPath("/v1/entities/acct-42"));
    assertEquals("/v1/entities/{key}/events", templates.ofPath("/v1/entities/acct-42/events"));
    assertEquals("/v1/entities/{key}/events", templates.of(List.of("v1", "entities", "a/b", "events")));
    assertEquals("/v1/repairs/{id}/approve",
        templates.ofPath("/v1/repairs/6d1c3f9e-8e0b-4c43-9a57-1f7f0c0f2a11/approve"));
    assertEquals("/v1/audit/runs/{id}", templates.ofPath("/v1/audit/runs/r1"));
    assertEquals("/v1/windows/corrections", templates.ofPath("/v1/windows/corrections"));
  }

  @Test
  public void anythingElseIsOther() {
    assertEquals(RouteTemplates.OTHER, templates.ofPath("/"));
    assertEquals(RouteTemplates.OTHER, templates.ofPath("/wp-admin/install.php"));
    assertEquals(RouteTemplates.OTHER, templates.ofPath("/v1/entities/"));
    assertEquals(RouteTemplates.OTHER, templates.ofPath("/v1/entities/a/b/c"));
    assertEquals(RouteTemplates.OTHER, templates.ofPath("/v1/events/extra"));
  }

  @Test
  public void theDashboardTreeIsOneRoute() {
    assertEquals("/ui", templates.ofPath("/ui"));
    assertEquals("/ui/*", templates.ofPath("/ui/app.js"));
    assertEquals("/ui/*", templates.ofPath("/ui/assets/chart.js"));
  }
}
