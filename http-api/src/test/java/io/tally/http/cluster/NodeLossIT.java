package io.tally.http.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import io.tally.cluster.testing.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.After;
import org.junit.Test;

/**
 * Three Tally processes on 127.0.0.1 under load; the oldest (shard coordinator, singletons, some
 * entities and projection slices) is SIGKILLed mid-load. A producer that retries with the same
 * idempotency keys loses nothing and duplicates nothing; the survivors take over entities and
 * slices; the killed node rejoins after a restart and takes traffic; the drift detector finds no
 * divergence.
 */
public class NodeLossIT {

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
  public void sigkillOfTheOldestNodeUnderLoadLosesNothingAndTheNodeRejoins() throws Exception {
    Instant testStart = Instant.now();
    cluster = LocalTallyCluster.start(NodeLossIT.class, ClusterScenario.NODES);
    LedgerCheck check = scenario.check(cluster);
    NodeProcess victim = cluster.oldest(cluster.node(1));
    List<NodeProcess> survivors = cluster.nodes().stream().filter(n -> n != victim).toList();

    IngestLoad beforeRejoin = scenario.startLoad("kill", cluster.nodes(), cluster);
    beforeRejoin.awaitAcknowledged(ClusterScenario.ACKS_PER_PHASE, ClusterScenario.PHASE_TIMEOUT);

    Instant killedAt = Instant.now();
    victim.kill(LocalTallyCluster.STOP_TIMEOUT);
    // Sharding is available again when every entity answers through a survivor: the dead node's
    // shards reallocated and their entities recovered from the journal.
    Eventually.within(ClusterScenario.PHASE_TIMEOUT, Duration.ofMillis(100), "entities answering on survivors",
        () -> {
          check.assertEntitiesAnswer(survivors.get(0));
          return null;
        });
    Instant availableAt = Instant.now();
    cluster.awaitMembersUp(survivors.get(0), ClusterScenario.NODES - 1);
    beforeRejoin.awaitAcknowledged(
        beforeRejoin.acknowledgedCount() + ClusterScenario.ACKS_PER_PHASE, ClusterScenario.PHASE_TIMEOUT);
    beforeRejoin.stop();
    scenario.report("SIGKILL of " + victim, "every entity answering on the survivors", beforeRejoin,
        killedAt, availableAt);

    // Before the victim returns, the survivors alone run every entity and every slice.
    for (NodeProcess survivor : survivors) {
      check.assertEntitiesAnswer(survivor);
    }
    check.awaitViewsCaughtUp(survivors.get(1), testStart, ClusterScenario.PHASE_TIMEOUT);

    // The killed node comes back on the same ports, rejoins, and takes traffic again.
    victim.start();
    cluster.awaitReady(victim);
    cluster.awaitMembersUp(survivors.get(0), ClusterScenario.NODES);
    cluster.awaitMembersUp(victim, ClusterScenario.NODES);
    assertNotEquals("a new oldest took over", victim, cluster.oldest(victim));
    // Back when it answers for every entity: right after a restart on the same address, a peer's
    // first connection to the new incarnation can still fail (an entity's answer then times out,
    // 503 unavailable), as a full verify saw once 12 s after the rejoin.
    Eventually.within(ClusterScenario.PHASE_TIMEOUT, Duration.ofMillis(100), "entities answering via the rejoined node",
        () -> {
          check.assertEntitiesAnswer(victim);
          return null;
        });
    IngestLoad afterRejoin = scenario.startLoad("rejoin", List.of(victim), cluster);
    afterRejoin.awaitAcknowledged(ClusterScenario.ACKS_PER_PHASE, ClusterScenario.PHASE_TIMEOUT);
    afterRejoin.stop();
    assertEquals("failed attempts through the rejoined node", List.of(), afterRejoin.failures());

    scenario.assertNothingLostOrDoubled(cluster, testStart);
  }
}
