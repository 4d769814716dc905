package io.tally.http.node;

import static org.junit.Assert.assertEquals;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tally.cluster.CassandraLauncher;
import io.tally.projections.metrics.TallyMetrics;
import java.time.Duration;
import org.junit.After;
import org.junit.Test;

/**
 * Cluster membership gauges on two real cluster members in this JVM: both up, then the second
 * stops without leaving (as a crashed node does) and the first counts it unreachable.
 */
public class ClusterMetricsTest {

  private ActorSystem<Void> first;
  private ActorSystem<Void> second;

  private static Config member() {
    return ConfigFactory.parseString(String.join("\n",
            "akka.remote.artery.canonical.port = " + CassandraLauncher.freePort(),
            "akka.cluster.jmx.multi-mbeans-in-same-jvm = on",
            "akka.cluster.failure-detector.heartbeat-interval = 200ms",
            "akka.cluster.failure-detector.acceptable-heartbeat-pause = 1s",
            "akka.cluster.split-brain-resolver.stable-after = 60s",
            // Stops without leaving the cluster: to the other member, a crashed node.
            "akka.coordinated-shutdown.run-by-actor-system-terminate = off"))
        .withFallback(ConfigFactory.parseResources("tally-cluster.conf"))
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  @After
  public void stop() {
    for (ActorSystem<Void> s : new ActorSystem[] {second, first}) {
      if (s != null) {
        s.terminate();
        s.getWhenTerminated().toCompletableFuture().join();
      }
    }
  }

  @Test
  public void membersByStatusAndUnreachableMembers() {
    first = ActorSystem.create(Behaviors.empty(), "tally", member());
    second = ActorSystem.create(Behaviors.empty(), "tally", member());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ClusterMetrics.bind(first, registry);
    Cluster.get(first).manager().tell(Join.create(Cluster.get(first).selfMember().address()));
    Cluster.get(second).manager().tell(Join.create(Cluster.get(first).selfMember().address()));

    TestProbe<Void> probe = TestProbe.create(first);
    probe.awaitAssert(Duration.ofSeconds(20), Duration.ofMillis(100), () -> {
      assertEquals(2.0, gauge(registry, TallyMetrics.CLUSTER_MEMBERS, "up"), 0);
      return null;
    });
    assertEquals(0.0, gauge(registry, TallyMetrics.CLUSTER_MEMBERS, "joining"), 0);
    assertEquals(0.0, gauge(registry, TallyMetrics.CLUSTER_UNREACHABLE, null), 0);
    assertEquals(ClusterMetrics.STATUSES.size(), registry.find(TallyMetrics.CLUSTER_MEMBERS).gauges().size());

    second.terminate();
    second.getWhenTerminated().toCompletableFuture().join();
    second = null;
    probe.awaitAssert(Duration.ofSeconds(20), Duration.ofMillis(100), () -> {
      assertEquals(1.0, gauge(registry, TallyMetrics.CLUSTER_UNREACHABLE, null), 0);
      return null;
    });
    // Still a member (up) until downed: unreachable is a separate count.
    assertEquals(2.0, gauge(registry, TallyMetrics.CLUSTER_MEMBERS, "up"), 0);
    String text = registry.scrape();
    assertEquals(text, true, text.contains("tally_cluster_unreachable_members 1.0"));
    assertEquals(text, true, text.contains("tally_cluster_members{status=\"up\"} 2.0"));
  }

  private static double gauge(PrometheusMeterRegistry registry, String name, String status) {
    return status == null ? registry.get(name).gauge().value() : registry.get(name).tag("status", status).gauge().value();
  }
}
