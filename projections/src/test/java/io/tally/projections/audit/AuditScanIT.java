package io.tally.projections.audit;

import static io.tally.projections.ReadSideNode.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.tally.projections.ReadSideNode;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * An audit over the journal read as a table scan, against a real Cassandra: clean, every entity
 * and every event checked once, including an entity whose journal spans partitions and goes on
 * beyond what the scan keeps of a partition (partitions of 5 events, 3 rows kept in place).
 */
public class AuditScanIT {

  private static final int[] CROSSING_WRITES = {3, 4, 1, 4, 2, 3, 4, 4};
  private static final int SMALL = 20;

  private static ReadSideNode node;
  private static long written;

  @BeforeClass
  public static void start() throws Exception {
    node = ReadSideNode.start("audit-scan-it", ReadSideNode.config(AuditScanIT.class,
        "tally.projections.drift.interval = 0s\n"
            + "akka.persistence.cassandra.journal.target-partition-size = 5\n"
            + "tally.ledger.journal-read.max-atomic-write = 4\n"
            + "tally.ledger.journal-read.scan-splits = 8\n"
            + "tally.ledger.journal-read.scan-partition-rows = 3\n"
            + "tally.audit.compare-live-actors = off\n"));
    written += node.ledgerNode().ingestInCommands("crossing", CROSSING_WRITES);
    for (int i = 0; i < SMALL; i++) {
      written += node.ledgerNode().ingestInCommands(String.format("small-%02d", i), new int[] {i % 3 + 1});
    }
  }

  @AfterClass
  public static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  public void anAuditRunOverTheScanIsCleanAndChecksEveryEvent() throws Exception {
    AuditSettings settings = AuditSettings.create(node.testKit.system().settings().config());
    Auditor auditor = Auditor.overJournal(node.testKit.system(), node.ledgerSettings, settings,
        List.of(new SnapshotCheckpoints(node.testKit.system(), settings.checkpointTimeout())), WindowViewCheck.NONE,
        Clock.systemUTC());
    AuditReport report = await(auditor.run(AuditScope.ALL, new AtomicReference<>(AuditProgress.NONE)));
    assertTrue(report.summary(), report.clean());
    assertEquals(SMALL + 1, report.entitiesChecked());
    assertEquals(written, report.eventsChecked());
  }
}
