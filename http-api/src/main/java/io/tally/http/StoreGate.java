package io.tally.http;

import static akka.http.javadsl.server.Directives.extractRequestContext;
import static akka.http.javadsl.server.Directives.reject;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.server.CustomRejection;
import akka.http.javadsl.server.Route;
import akka.stream.alpakka.cassandra.javadsl.CassandraSessionRegistry;
import io.tally.cluster.outage.CassandraReachability;
import io.tally.projections.metrics.TallyMetrics;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Turns away requests to routes that need the ledger's entities while the node can reach no
 * Cassandra node, before any entity is asked: they are rejected with {@link StoreUnavailable},
 * which {@link ApiErrors} answers with 503 {@code store_unavailable} and {@code Retry-After}.
 * Otherwise every request of an outage would wake an entity whose recovery or write fails (an
 * error, a stack trace and a restart each) and hold an ingest permit for nothing.
 */
public final class StoreGate {

  /** The rejection of a gated route during an outage. */
  static final class StoreUnavailable implements CustomRejection {}

  private static final StoreUnavailable STORE_UNAVAILABLE = new StoreUnavailable();

  private static final String JOURNAL_SESSION = "akka.persistence.cassandra";
  /** The label of its refusals in tally_ingest_refused_total. */
  private static final String BOUND = "store_unavailable";

  private final BooleanSupplier unreachable;
  private final TallyMetrics metrics;

  StoreGate(BooleanSupplier unreachable, TallyMetrics metrics) {
    this.unreachable = unreachable;
    this.metrics = metrics;
  }

  /** The gate of the journal's session: open until that session has reported an outage. */
  public static StoreGate ofJournal(ActorSystem<?> system, TallyMetrics metrics) {
    AtomicReference<CassandraReachability> reachability = new AtomicReference<>();
    CassandraSessionRegistry.get(system).sessionFor(JOURNAL_SESSION).underlying()
        .thenAccept(session -> reachability.set(CassandraReachability.of(session.getContext())));
    return new StoreGate(() -> {
      CassandraReachability known = reachability.get();
      return known != null && known.unreachable();
    }, metrics);
  }

  /** {@code inner}, or (checked per request) the rejection while the store is unreachable. */
  public Route guard(Route inner) {
    return extractRequestContext(request -> {
      if (unreachable.getAsBoolean()) {
        metrics.refused(BOUND);
        return reject(STORE_UNAVAILABLE);
      }
      return inner;
    });
  }
}
