package io.tally.projections.drift;

import java.time.Instant;
import org.junit.Test;

/** The in-memory store pages as the Cassandra one does (see CassandraReconciliationStoreIT). */
public class InMemoryReconciliationStoreTest {

  private static final Instant NEWEST = Instant.parse("2026-11-21T12:00:00Z");

  @Test
  public void discrepanciesPageNewestFirst() throws Exception {
    RecordPagingScenario.discrepanciesPageNewestFirst(new InMemoryReconciliationStore(), NEWEST, 1, 25, 10);
  }

  @Test
  public void repairsPageNewestFirst() throws Exception {
    RecordPagingScenario.repairsPageNewestFirst(new InMemoryReconciliationStore(), NEWEST, 12, 5);
  }
}
