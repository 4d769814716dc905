package io.tally.http;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.pattern.Patterns;
import akka.persistence.cassandra.healthcheck.CassandraHealthCheck;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import scala.jdk.javaapi.FutureConverters;

/**
 * Ready = this member is Up in the cluster and the Cassandra journal answers a query (the
 * plugin's own health check goes through the journal actor and its session, so it proves the
 * write path, not just an open socket).
 */
final class NodeReadiness implements ReadinessCheck {

  static final String CLUSTER = "cluster";
  static final String CASSANDRA = "cassandra";

  private final ActorSystem<?> system;
  private final CassandraHealthCheck cassandra;
  private final Duration timeout;

  NodeReadiness(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.cassandra = new CassandraHealthCheck(Adapter.toClassic(system));
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<Readiness> check() {
    MemberStatus status = Cluster.get(system).selfMember().status();
    String cluster = status == MemberStatus.up() ? Readiness.OK : "member is " + status;
    CompletionStage<String> store =
        Patterns.after(
                timeout,
                system.classicSystem().scheduler(),
                system.executionContext(),
                () -> CompletableFuture.completedFuture("no answer within " + timeout))
            .applyToEither(
                FutureConverters.asJava(cassandra.apply())
                    .thenApply(ok -> Boolean.TRUE.equals(ok) ? Readiness.OK : "query failed")
                    .exceptionally(e -> "query failed: " + e.getMessage()),
                answer -> answer);
    return store.thenApply(cassandraState -> Readiness.of(Map.of(CLUSTER, cluster, CASSANDRA, cassandraState)));
  }
}
