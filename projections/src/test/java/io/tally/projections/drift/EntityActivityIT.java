package io.tally.projections.drift;

import static io.tally.projections.ReadSideNode.TIMEOUT;
import static io.tally.projections.ReadSideNode.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.LogCapturing;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.tally.ledger.ProposedEvent;
import io.tally.projections.ReadSideNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;

/**
 * A detector run asks only the entities that took events in its lookback, found from the write
 * side's activity record: an entity written before the lookback is neither listed nor woken.
 */
public class EntityActivityIT {

  /** Lookback 6 s, buckets of 1 s, event times at most 1 s ahead: activity older than 8 s is out. */
  private static final Duration OUT_OF_LOOKBACK = Duration.ofSeconds(6 + 1 + 1 + 2);

  private static ReadSideNode node;

  @Rule public final LogCapturing logCapturing = new LogCapturing();

  @BeforeClass
  public static void start() throws Exception {
    node = ReadSideNode.start("entity-activity-it", ReadSideNode.config(EntityActivityIT.class,
        "tally.projections.drift.interval = 0s\n"
            + "tally.projections.drift.lookback = 6s\n"
            + "tally.projections.drift.activity.bucket = 1s\n"
            + "tally.ledger.max-future-skew = 1s\n"));
  }

  @AfterClass
  public static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static void record(String entity, String key) throws Exception {
    node.ingest(entity, List.of(ProposedEvent.record(entity, key, Instant.now(), BigDecimal.ONE, "it")));
  }

  private static <T> T eventually(Duration max, java.util.function.Supplier<T> check) {
    return TestProbe.create(node.testKit.system()).awaitAssert(max, Duration.ofMillis(200), check::get);
  }

  @Test
  public void onlyEntitiesActiveInTheLookbackAreAsked() throws Exception {
    record("dormant", "k1");
    Instant dormantUntil = Instant.now().plus(OUT_OF_LOOKBACK);
    eventually(TIMEOUT, () -> {
      assertTrue("waiting for the dormant entity to leave the lookback", Instant.now().isAfter(dormantUntil));
      return null;
    });
    for (String entity : List.of("active-1", "active-2", "active-3")) {
      record(entity, "k1");
      record(entity, "k2");
    }
    // Their windows settle (1 s window + 1 s lateness + 2 s settle-time), then one run.
    Instant settled = Instant.now().plusSeconds(4);
    DriftReport report = eventually(TIMEOUT, () -> {
      assertTrue("settling", Instant.now().isAfter(settled));
      try {
        return await(node.runtime.reconciliation().runNow("on-demand", "it", false)).orElseThrow();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertEquals(3, report.entitiesChecked());
    assertEquals(List.of(), report.discrepancies());
    assertTrue(report.sliceWindowsChecked() > 0);
    // One activity row per entity and bucket, whatever the number of commands.
    long rows = node.cql.execute(String.format("SELECT entity_key FROM %s.entity_activity", node.settings.keyspace()))
        .all().stream().filter(r -> r.getString("entity_key").startsWith("active-")).count();
    assertTrue("activity rows " + rows, rows >= 3 && rows <= 6);
  }
}
