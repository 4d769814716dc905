package io.tally.http.node;

import akka.actor.typed.ActorSystem;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.management.cluster.bootstrap.ClusterBootstrap;
import akka.management.javadsl.AkkaManagement;
import com.typesafe.config.Config;

/** How this node enters the cluster, from {@code tally.cluster.join} (see tally-cluster.conf). */
final class ClusterJoin {

  private ClusterJoin() {}

  static void start(ActorSystem<?> system, Config config) {
    String mode = config.getString("tally.cluster.join");
    switch (mode) {
      case "self" -> {
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      case "seed-nodes" -> {
        // akka.cluster.seed-nodes drives the join by itself.
      }
      case "bootstrap" -> {
        AkkaManagement.get(system.classicSystem()).start();
        ClusterBootstrap.get(system.classicSystem()).start();
      }
      default -> throw new IllegalArgumentException(
          "tally.cluster.join must be self, seed-nodes or bootstrap, not '" + mode + "'");
    }
  }
}
