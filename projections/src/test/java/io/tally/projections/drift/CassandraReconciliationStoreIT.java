package io.tally.projections.drift;

import static io.tally.projections.ReadSideNode.await;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.typesafe.config.Config;
import io.tally.projections.CqlStore;
import io.tally.projections.ProjectionSettings;
import io.tally.projections.ReadSideNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Discrepancy and repair lists paged with {@code after} on the shared test Cassandra: pages cross
 * the day partitions (records spread over three days), each page a bounded read.
 */
public class CassandraReconciliationStoreIT {

  /** Noon, so that records an hour apart fill today and the two days before. */
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  private static final long HOURS_APART = Duration.ofHours(1).toMillis();

  private static ActorTestKit testKit;
  private static CassandraReconciliationStore store;

  @BeforeClass
  public static void start() throws Exception {
    Config config = ReadSideNode.config(CassandraReconciliationStoreIT.class, "");
    testKit = ActorTestKit.create("reconciliation-store-it", config);
    CqlStore cql = await(CqlStore.start(testKit.system(), ProjectionSettings.create(config)));
    store = new CassandraReconciliationStore(cql, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterClass
  public static void stop() {
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
  }

  @Test
  public void discrepanciesPageNewestFirstAcrossDays() throws Exception {
    RecordPagingScenario.discrepanciesPageNewestFirst(store, NOW, HOURS_APART, 60, 7);
  }

  @Test
  public void repairsPageNewestFirst() throws Exception {
    RecordPagingScenario.repairsPageNewestFirst(store, NOW, 12, 5);
  }
}
