package io.tally.projections.window;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.ShardedDaemonProcessSettings;
import akka.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import akka.persistence.cassandra.query.javadsl.CassandraReadJournal;
import akka.persistence.query.Offset;
import akka.projection.HandlerRecoveryStrategy;
import akka.projection.ProjectionBehavior;
import akka.projection.ProjectionId;
import akka.projection.cassandra.javadsl.CassandraProjection;
import akka.projection.eventsourced.EventEnvelope;
import akka.projection.eventsourced.javadsl.EventSourcedProvider;
import akka.projection.javadsl.GroupedProjection;
import akka.projection.javadsl.SourceProvider;
import io.tally.ledger.LedgerEvent;
import io.tally.ledger.Slices;
import io.tally.projections.ProjectionSettings;
import io.tally.projections.metrics.TallyMetrics;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * One window-view projection per tag slice, run by a ShardedDaemonProcess (name = the
 * ProjectionId name, key = the tag), reading eventsByTag with offsets in Cassandra.
 */
public final class WindowViewProjection {

  private WindowViewProjection() {}

  public static void init(ActorSystem<?> system, ProjectionSettings settings, int slices,
      WindowViewRepository repository, TallyMetrics metrics, Clock clock) {
    List<String> tags = Slices.allTags(slices);
    ShardedDaemonProcess.get(system).init(
        ProjectionBehavior.Command.class,
        settings.windowViewsName(),
        tags.size(),
        i -> ProjectionBehavior.create(create(system, settings, i, slices, repository, metrics, clock)),
        ShardedDaemonProcessSettings.create(system),
        Optional.of(ProjectionBehavior.stopMessage()));
  }

  public static ProjectionId idOf(ProjectionSettings settings, int slice) {
    return ProjectionId.of(settings.windowViewsName(), Slices.tag(slice));
  }

  static GroupedProjection<Offset, EventEnvelope<LedgerEvent>> create(ActorSystem<?> system,
      ProjectionSettings settings, int slice, int slices, WindowViewRepository repository,
      TallyMetrics metrics, Clock clock) {
    SourceProvider<Offset, EventEnvelope<LedgerEvent>> source =
        EventSourcedProvider.eventsByTag(system, CassandraReadJournal.Identifier(), Slices.tag(slice));
    ProjectionSettings.Backoff backoff = settings.restartBackoff();
    ProjectionSettings.Recovery recovery = settings.recovery();
    return CassandraProjection.groupedWithin(idOf(settings, slice), source,
            () -> new WindowViewHandler(slice, slices, repository, metrics, clock, settings.writeAttempts()))
        .withGroup(settings.groupAfterEnvelopes(), settings.groupAfterDuration())
        .withRestartBackoff(backoff.min(), backoff.max(), backoff.randomFactor(), backoff.maxRestarts())
        .withRecoveryStrategy(recovery.retry()
            ? HandlerRecoveryStrategy.retryAndFail(recovery.retries(), recovery.retryDelay())
            : HandlerRecoveryStrategy.fail());
  }
}
