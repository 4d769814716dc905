package io.tally.http;

import static org.junit.Assert.assertTrue;

import io.tally.http.batch.BatchSchema;
import io.tally.http.quarantine.QuarantineSchema;
import io.tally.projections.ViewsSchema;
import io.tally.projections.statement.CheckpointSchema;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * The views keyspace as production creates it (cluster-config's tally-views.cql) and as dev and
 * tests create it (the read side's ViewsSchema, QuarantineSchema, BatchSchema, CheckpointSchema)
 * never drift apart.
 */
public class ViewsKeyspaceCqlTest {

  private static String normalised(String cql) {
    return cql.replaceAll("--[^\n]*", "").replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")").trim();
  }

  @Test
  public void productionCqlDeclaresTheSameTables() throws Exception {
    String production;
    try (InputStream in = getClass().getResourceAsStream("/cql/tally-views.cql")) {
      production = normalised(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertTrue(production.contains(
        "CREATE KEYSPACE IF NOT EXISTS tally_views WITH replication = {'class': 'NetworkTopologyStrategy'"));
    List<String> tables = new ArrayList<>(ViewsSchema.tables("tally_views"));
    tables.addAll(QuarantineSchema.tables("tally_views"));
    tables.addAll(BatchSchema.tables("tally_views"));
    tables.addAll(CheckpointSchema.tables("tally_views"));
    for (String table : tables) {
      assertTrue("missing in tally-views.cql: " + table, production.contains(normalised(table)));
    }
  }
}
