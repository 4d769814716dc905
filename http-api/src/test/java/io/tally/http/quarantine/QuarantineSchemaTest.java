package io.tally.http.quarantine;

import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

/** The production CQL in cluster-config and the dev/test auto-creation never drift apart. */
public class QuarantineSchemaTest {

  private static String normalised(String cql) {
    return cql.replaceAll("--[^\n]*", "").replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")").trim();
  }

  @Test
  public void productionCqlDeclaresTheSameTables() throws Exception {
    String production;
    try (InputStream in = getClass().getResourceAsStream("/cql/tally-views.cql")) {
      production = normalised(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    for (String table : QuarantineSchema.tables("tally_views")) {
      assertTrue("missing in tally-views.cql: " + table, production.contains(normalised(table)));
    }
  }
}
