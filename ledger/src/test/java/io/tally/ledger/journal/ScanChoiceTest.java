package io.tally.ledger.journal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** When an audit scans the journal rather than reading it entity by entity. */
public class ScanChoiceTest {

  private static final int SPLITS = 256;
  private static final int SAMPLE = 10_000;
  private static final CassandraJournalReader.Settings SETTINGS = new CassandraJournalReader.Settings(1000, 128, 2,
      1000, SPLITS, 4, 1000, 0.05, SAMPLE, "ks", "messages", 500_000, "profile");

  private static boolean scans(long listed, long inScope) {
    return new CassandraJournalReader.Sample(listed, inScope).worthAScan(SETTINGS);
  }

  @Test
  public void aLedgerWithFewerEntitiesThanSplitsIsReadEntityByEntity() {
    assertFalse(scans(10, 10));
    assertFalse(scans(SPLITS - 1, SPLITS - 1));
    assertTrue(scans(SPLITS, SPLITS));
    assertFalse(scans(0, 0));
  }

  @Test
  public void aNarrowKeyRangeIsReadEntityByEntityAWideOneScanned() {
    assertFalse(scans(SAMPLE, SAMPLE / 100));
    assertTrue(scans(SAMPLE, SAMPLE / 10));
    // The sample was full: the ledger is larger, so a few in-scope ids in it are many in all.
    assertTrue(scans(SAMPLE, SAMPLE / 20));
  }
}
