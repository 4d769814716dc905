package io.tally.http.cluster;

import java.time.Instant;
import org.junit.After;
import org.junit.Test;

/**
 * A rolling restart of all three nodes under load, as an orchestrator does it: one node at a time
 * gets SIGTERM (coordinated shutdown hands its shards and slices over and leaves the cluster),
 * starts again on the same ports, and the next goes only once the cluster is whole again. The
 * producer retries with the same idempotency keys; nothing is lost or applied twice.
 */
public class RollingRestartIT {

  private LocalTallyCluster cluster;
  private final ClusterScenario scenario = new ClusterScenario();

  @After
  public void stopCluster() {
    scenario.close();
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  public void restartingEveryNodeInTurnUnderLoadLosesNothing() throws Exception {
    Instant testStart = Instant.now();
    cluster = LocalTallyCluster.start(RollingRestartIT.class, ClusterScenario.NODES);
    IngestLoad load = scenario.startLoad("rolling", cluster.nodes(), cluster);
    load.awaitAcknowledged(ClusterScenario.ACKS_PER_PHASE, ClusterScenario.PHASE_TIMEOUT);

    for (NodeProcess node : cluster.nodes()) {
      NodeProcess peer = cluster.nodes().stream().filter(n -> n != node).findFirst().orElseThrow();
      Instant stoppingAt = Instant.now();
      node.terminate(LocalTallyCluster.STOP_TIMEOUT);
      cluster.awaitMembersUp(peer, ClusterScenario.NODES - 1);
      node.start();
      cluster.awaitReady(node);
      cluster.awaitMembersUp(peer, ClusterScenario.NODES);
      scenario.report("SIGTERM of " + node, "restarted and Up in a whole cluster", load, stoppingAt, Instant.now());
      load.awaitAcknowledged(load.acknowledgedCount() + ClusterScenario.ACKS_PER_PHASE / 3,
          ClusterScenario.PHASE_TIMEOUT);
    }
    load.stop();

    scenario.assertNothingLostOrDoubled(cluster, testStart);
  }
}
