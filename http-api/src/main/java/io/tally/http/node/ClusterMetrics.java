package io.tally.http.node;

import akka.actor.typed.ActorSystem;
import akka.cluster.ClusterEvent.CurrentClusterState;
import akka.cluster.Member;
import akka.cluster.typed.Cluster;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tally.projections.metrics.TallyMetrics;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Cluster membership as this node sees it: {@code tally_cluster_members{status}} (members by
 * status: up, joining, leaving, ...) and {@code tally_cluster_unreachable_members} (members its
 * failure detector marks unreachable). Read at each scrape from the cluster's current state, which
 * Akka keeps from the membership and reachability events; every status is a series from the
 * start (0 when none is in it).
 */
public final class ClusterMetrics {

  /** Akka's member statuses, as labels. */
  public static final List<String> STATUSES = List.of("joining", "weakly_up", "up", "leaving", "exiting", "down",
      "removed", "preparing_for_shutdown", "ready_for_shutdown");

  private ClusterMetrics() {}

  public static void bind(ActorSystem<?> system, MeterRegistry registry) {
    bind(() -> Cluster.get(system).state(), registry);
  }

  static void bind(Supplier<CurrentClusterState> state, MeterRegistry registry) {
    for (String status : STATUSES) {
      Gauge.builder(TallyMetrics.CLUSTER_MEMBERS, () -> members(state.get(), status))
          .description("Cluster members by status, as this node sees them")
          .tag("status", status)
          .register(registry);
    }
    Gauge.builder(TallyMetrics.CLUSTER_UNREACHABLE, () -> state.get().getUnreachable().size())
        .description("Cluster members this node's failure detector marks unreachable")
        .register(registry);
  }

  static int members(CurrentClusterState state, String status) {
    int n = 0;
    for (Member m : state.getMembers()) {
      n += label(m).equals(status) ? 1 : 0;
    }
    return n;
  }

  /** Up → up, WeaklyUp → weakly_up, PreparingForShutdown → preparing_for_shutdown. */
  static String label(Member member) {
    return member.status().toString().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
