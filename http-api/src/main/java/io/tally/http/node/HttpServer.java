package io.tally.http.node;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.server.Route;
import java.util.concurrent.CompletionStage;
import io.tally.http.HttpSettings;

/** Binds the API on the configured interface and port; unbinds in coordinated shutdown. */
final class HttpServer {

  private HttpServer() {}

  static CompletionStage<ServerBinding> start(Route route, HttpSettings settings, ActorSystem<?> system) {
    return Http.get(system)
        .newServerAt(settings.networkInterface(), settings.port())
        .bind(route)
        .thenApply(binding -> binding.addToCoordinatedShutdown(settings.shutdownHardDeadline(), system));
  }
}
