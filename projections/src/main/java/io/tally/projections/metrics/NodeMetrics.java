package io.tally.projections.metrics;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The metrics registry of one node (one actor system): Tally's metrics ({@link #tally()}), the
 * JVM's ({@code tally.metrics.jvm}), and those of the Cassandra driver's session, which
 * {@link MeteredSessionProvider} hands this registry. Created on first use; closed with the actor
 * system. {@code GET /metrics} renders it.
 */
public final class NodeMetrics implements Extension {

  private static final class Id extends ExtensionId<NodeMetrics> {
    @Override
    public NodeMetrics createExtension(ActorSystem<?> system) {
      return new NodeMetrics(system);
    }
  }

  private static final Id ID = new Id();

  private final PrometheusMeterRegistry registry;
  private final TallyMetrics tally;

  private NodeMetrics(ActorSystem<?> system) {
    MetricsSettings settings = MetricsSettings.fromConfig(system.settings().config());
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    tally = new TallyMetrics(registry, settings);
    JvmGcMetrics gc = settings.jvm() ? new JvmGcMetrics() : null;
    if (gc != null) {
      new ClassLoaderMetrics().bindTo(registry);
      new JvmMemoryMetrics().bindTo(registry);
      gc.bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
    }
    system.getWhenTerminated().whenComplete((done, error) -> {
      if (gc != null) {
        gc.close();
      }
      registry.close();
    });
  }

  public static NodeMetrics get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public TallyMetrics tally() {
    return tally;
  }
}
