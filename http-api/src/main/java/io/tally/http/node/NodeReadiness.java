package io.tally.http.node;

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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.FutureConverters;

/**
 * Ready = this member is Up in the cluster and the Cassandra journal answers a query (the
 * plugin's own health check goes through the journal actor and its session, so it proves the
 * write path, not just an open socket).
 */
public final class NodeReadiness implements ReadinessCheck {

  public static final String CLUSTER = "cluster";
  public static final String CASSANDRA = "cassandra";

  /** What an unauthenticated caller learns of a failed store check: never the driver's error. */
  static final String STORE_FAILED = "query failed";

  private static final Logger log = LoggerFactory.getLogger(NodeReadiness.class);

  private final ActorSystem<?> system;
  private final Supplier<CompletionStage<Boolean>> store;
  private final Duration timeout;

  NodeReadiness(ActorSystem<?> system, Duration timeout) {
    this(system, timeout, journalCheck(system));
  }

  NodeReadiness(ActorSystem<?> system, Duration timeout, Supplier<CompletionStage<Boolean>> store) {
    this.system = system;
    this.store = store;
    this.timeout = timeout;
  }

  private static Supplier<CompletionStage<Boolean>> journalCheck(ActorSystem<?> system) {
    CassandraHealthCheck cassandra = new CassandraHealthCheck(Adapter.toClassic(system));
    return () -> FutureConverters.asJava(cassandra.apply()).thenApply(ok -> (Boolean) ok);
  }

  @Override
  public CompletionStage<Readiness> check() {
    MemberStatus status = Cluster.get(system).selfMember().status();
    String cluster = status == MemberStatus.up() ? Readiness.OK : "member is " + status;
    CompletionStage<String> cassandra =
        Patterns.after(
                timeout,
                system.classicSystem().scheduler(),
                system.executionContext(),
                () -> CompletableFuture.completedFuture("no answer within " + timeout))
            .applyToEither(
                store.get()
                    .thenApply(ok -> Boolean.TRUE.equals(ok) ? Readiness.OK : STORE_FAILED)
                    .exceptionally(NodeReadiness::storeFailed),
                answer -> answer);
    return cassandra.thenApply(cassandraState -> Readiness.of(Map.of(CLUSTER, cluster, CASSANDRA, cassandraState)));
  }

  /** Driver errors name hosts, keyspaces and users: they go to the log, not to the probe. */
  private static String storeFailed(Throwable failure) {
    log.warn("Readiness: the Cassandra journal check failed: {}", failure.toString());
    return STORE_FAILED;
  }
}
