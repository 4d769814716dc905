package io.tally.projections.metrics;

import akka.actor.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.stream.alpakka.cassandra.CqlSessionProvider;
import akka.stream.alpakka.cassandra.DefaultSessionProvider;
import akka.stream.alpakka.cassandra.DriverConfigLoaderFromConfig;
import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * Alpakka Cassandra's session provider (the session of the journal, snapshots, eventsByTag,
 * projection offsets and Tally's own tables, {@code akka.persistence.cassandra}) that hands the
 * driver this node's metrics registry ({@link NodeMetrics}): with
 * {@code datastax-java-driver.advanced.metrics.factory.class = MicrometerMetricsFactory} the
 * driver's session and node metrics are then scraped with Tally's. Otherwise what
 * {@link DefaultSessionProvider} does. Configured as
 * {@code akka.persistence.cassandra.session-provider} (the application's config).
 *
 * <p>With Akka Discovery for the contact points ({@code service-discovery.name}) the session is
 * Alpakka's own, which cannot be given a registry: the driver then reports into Micrometer's
 * global registry, which {@code /metrics} does not render.
 */
public final class MeteredSessionProvider implements CqlSessionProvider {

  private final ActorSystem system;
  private final Config config;

  public MeteredSessionProvider(ActorSystem system, Config config) {
    this.system = system;
    this.config = config;
  }

  @Override
  public Future<CqlSession> connect(ExecutionContext ec) {
    if (!config.getString("service-discovery.name").isEmpty()) {
      return new DefaultSessionProvider(system, config).connect(ec);
    }
    Config driverConfig = CqlSessionProvider.driverConfig(system, config);
    return FutureConverters.asScala(CqlSession.builder()
        .withConfigLoader(DriverConfigLoaderFromConfig.fromConfig(driverConfig))
        .withMetricRegistry(NodeMetrics.get(Adapter.toTyped(system)).registry())
        .buildAsync());
  }
}
