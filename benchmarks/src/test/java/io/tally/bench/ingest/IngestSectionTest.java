package io.tally.bench.ingest;

import static org.junit.Assert.assertNotEquals;

import org.junit.Test;

public class IngestSectionTest {

  private static BatchWriter named(String name) {
    return new BatchWriter() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void write(String entityKey, long firstEvent, int batchSize) {
        throw new UnsupportedOperationException("not written in this test");
      }
    };
  }

  @Test
  public void writersInTheSameCellNeverShareAnEntity() {
    // Both writers send idempotency keys bench-0, bench-1, ...: on one entity the second writer's
    // events would be answered as duplicates of the first's, without a write.
    LoadCell cell = new LoadCell(1, 1);
    String http = cell.entityKey(IngestSection.runOf(named("tally-http")), 0, 0);
    String direct = cell.entityKey(IngestSection.runOf(named("tally-direct")), 0, 0);
    assertNotEquals(http, direct);
  }
}
