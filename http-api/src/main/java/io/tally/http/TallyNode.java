package io.tally.http;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.ServerBinding;
import com.typesafe.config.Config;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One running Tally node: the actor system (cluster member, persistence on Cassandra) and its HTTP
 * API. Built from a complete, resolved config; {@link Main} adds the Cassandra location.
 */
public final class TallyNode {

  static final String SYSTEM_NAME = "tally";
  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(30);

  private final ActorSystem<Void> system;
  private final ServerBinding binding;

  private TallyNode(ActorSystem<Void> system, ServerBinding binding) {
    this.system = system;
    this.binding = binding;
  }

  /**
   * Starts the node and returns once HTTP is bound. On failure the actor system is terminated and
   * the cause rethrown.
   */
  public static TallyNode start(Config config) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, config);
    try {
      ClusterJoin.start(system, config);
      HttpSettings http = HttpSettings.fromConfig(config);
      ApiJson json = ApiJson.create(system);
      ApiRoutes routes =
          new ApiRoutes(
              new HealthRoutes(new NodeReadiness(system, http.readinessTimeout()), json),
              new ApiErrors(json));
      CompletionStage<ServerBinding> bound = HttpServer.start(routes.routes(), http, system);
      ServerBinding binding =
          bound.toCompletableFuture().get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return new TallyNode(system, binding);
    } catch (Exception e) {
      system.terminate();
      throw new IllegalStateException("Tally failed to start: " + e.getMessage(), e);
    }
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public InetSocketAddress httpAddress() {
    return binding.localAddress();
  }

  /** Runs coordinated shutdown (unbind, leave the cluster, stop persistence) and waits for it. */
  public void stop(Duration timeout) {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Tally did not stop within " + timeout, e);
    }
  }
}
