package io.tally.http.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.ledger.Slices;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The shared shape of the cluster failover tests: the entities and load, the loads started so far,
 * and the final guarantees (every acknowledged event exactly once, views caught up, a clean drift
 * detector pass).
 */
final class ClusterScenario implements AutoCloseable {

  static final int NODES = 3;
  static final int WORKERS = 8;
  static final List<String> ENTITIES = IntStream.range(0, 30).mapToObj(i -> "acct-" + i).toList();
  /** Acknowledged events per load phase, so every phase sees real traffic. */
  static final long ACKS_PER_PHASE = 300;
  static final Duration PHASE_TIMEOUT = Duration.ofMinutes(2);

  private final List<IngestLoad> loads = new ArrayList<>();

  LedgerCheck check(LocalTallyCluster cluster) {
    // Views level with every entity then means every slice's projection is running.
    Set<Integer> slices = ENTITIES.stream().map(e -> Slices.of(e, LocalTallyCluster.SLICES)).collect(Collectors.toSet());
    assertEquals("slices covered by the test's entities", LocalTallyCluster.SLICES, slices.size());
    return new LedgerCheck(cluster.http(), ENTITIES);
  }

  IngestLoad startLoad(String name, List<NodeProcess> targets, LocalTallyCluster cluster) {
    IngestLoad load = new IngestLoad(name, targets, ENTITIES, cluster.http(), WORKERS);
    loads.add(load);
    load.start();
    return load;
  }

  /** Prints the client's view of a disruption: how long until {@code recovered}, what failed. */
  void report(String disruption, String recovered, IngestLoad load, Instant from, Instant to) {
    long attempts = load.attemptsBetween(from, to);
    long failed = load.failuresBetween(from, to);
    System.out.printf("tally-it: %s -> %s after %d ms; client attempts in that time %d, "
            + "failed %d (%.1f%%) %s; whole load: %d acknowledged, %d attempts, %d failed%n",
        disruption, recovered, Duration.between(from, to).toMillis(), attempts, failed,
        attempts == 0 ? 0.0 : 100.0 * failed / attempts, load.failureCausesBetween(from, to),
        load.acknowledgedCount(), load.attempts(), load.failures().size());
  }

  /**
   * After all loads: nothing given up, every acknowledged event in the journal exactly once, every
   * view caught up, and the drift detector (dry run, every entity settled) finds nothing.
   */
  void assertNothingLostOrDoubled(LocalTallyCluster cluster, Instant since) throws Exception {
    for (IngestLoad load : loads) {
      assertEquals("events given up", List.of(), load.givenUp());
    }
    LedgerCheck check = check(cluster);
    NodeProcess via = cluster.nodes().get(0);
    check.assertExactlyOnce(via, IngestLoad.acknowledgedByAll(loads));
    check.awaitViewsCaughtUp(via, since, PHASE_TIMEOUT);
    JsonNode drift = check.settledDriftReport(via, PHASE_TIMEOUT);
    assertEquals("discrepancies " + drift, 0, drift.get("discrepancies").size());
    assertEquals("diverged " + drift, 0, drift.get("sliceWindowsDiverged").asInt());
    assertEquals("entities checked " + drift, ENTITIES.size(), drift.get("entitiesChecked").asInt());
    assertTrue("windows compared " + drift, drift.get("sliceWindowsChecked").asInt() > 0);
  }

  @Override
  public void close() {
    loads.forEach(IngestLoad::close);
  }
}
