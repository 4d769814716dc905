package io.tally.projections;

import static io.tally.projections.ReadSideNode.await;
import static org.junit.Assert.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.typesafe.config.Config;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Read-side statements run at the read side's consistency (LOCAL_QUORUM), not at the driver
 * default (LOCAL_ONE), under which a detector could miss a row another node's writer just wrote.
 */
public class CqlStoreIT {

  private static ActorTestKit testKit;
  private static CqlStore store;

  @BeforeClass
  public static void start() throws Exception {
    Config config = ReadSideNode.config(CqlStoreIT.class, "");
    testKit = ActorTestKit.create("cql-store-it", config);
    store = await(CqlStore.start(testKit.system(), ProjectionSettings.create(config)));
  }

  @AfterClass
  public static void stop() {
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
  }

  @Test
  public void everyStatementRunsOnTheReadSideProfileAtLocalQuorum() throws Exception {
    AsyncResultSet bound = await(store.execute("SELECT * FROM %s.window_views WHERE slice = ? AND window_start = ?",
        0, java.time.Instant.EPOCH));
    AsyncResultSet built = await(store.statement("SELECT * FROM %s.entity_activity LIMIT 1")
        .thenCompose(ps -> store.execute(ps.bind())));

    for (AsyncResultSet result : java.util.List.of(bound, built)) {
      assertEquals("tally-read-side-profile", result.getExecutionInfo().getRequest().getExecutionProfileName());
    }
    DriverExecutionProfile profile = await(store.session()).getContext().getConfig().getProfile("tally-read-side-profile");
    assertEquals("LOCAL_QUORUM", profile.getString(DefaultDriverOption.REQUEST_CONSISTENCY));
    assertEquals("LOCAL_SERIAL", profile.getString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY));
  }
}
