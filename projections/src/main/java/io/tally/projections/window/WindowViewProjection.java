package io.tally.projections.window;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
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
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * One window-view projection per tag slice, run by a ShardedDaemonProcess (name = the
 * ProjectionId name, key = the tag), reading eventsByTag with offsets in Cassandra. Each instance
 * owns the slice's {@link SliceWriter} and its {@link SliceWriterEndpoint}, so the slice has one
 * writer in the whole cluster.
 */
public final class WindowViewProjection {

  private WindowViewProjection() {}

  /** @param writers makes the writer of slice i (called when the slice's instance starts) */
  public static void init(ActorSystem<?> system, ProjectionSettings settings, int slices, IntFunction<SliceWriter> writers) {
    List<String> tags = Slices.allTags(slices);
    ShardedDaemonProcess.get(system).init(
        ProjectionBehavior.Command.class,
        settings.windowViewsName(),
        tags.size(),
        i -> instance(system, settings, writers.apply(i)),
        ShardedDaemonProcessSettings.create(system),
        Optional.of(ProjectionBehavior.stopMessage()));
  }

  private static Behavior<ProjectionBehavior.Command> instance(ActorSystem<?> system, ProjectionSettings settings,
      SliceWriter writer) {
    return Behaviors.setup(ctx -> {
      ctx.spawn(SliceWriterEndpoint.create(writer), "writer-endpoint");
      return ProjectionBehavior.create(create(system, settings, writer));
    });
  }

  public static ProjectionId idOf(ProjectionSettings settings, int slice) {
    return ProjectionId.of(settings.windowViewsName(), Slices.tag(slice));
  }

  static GroupedProjection<Offset, EventEnvelope<LedgerEvent>> create(ActorSystem<?> system,
      ProjectionSettings settings, SliceWriter writer) {
    SourceProvider<Offset, EventEnvelope<LedgerEvent>> source =
        EventSourcedProvider.eventsByTag(system, CassandraReadJournal.Identifier(), Slices.tag(writer.slice()));
    ProjectionSettings.Backoff backoff = settings.restartBackoff();
    ProjectionSettings.Recovery recovery = settings.recovery();
    return CassandraProjection.groupedWithin(idOf(settings, writer.slice()), source, () -> new WindowViewHandler(writer))
        .withGroup(settings.groupAfterEnvelopes(), settings.groupAfterDuration())
        .withRestartBackoff(backoff.min(), backoff.max(), backoff.randomFactor(), backoff.maxRestarts())
        .withRecoveryStrategy(recovery.retry()
            ? HandlerRecoveryStrategy.retryAndFail(recovery.retries(), recovery.retryDelay())
            : HandlerRecoveryStrategy.fail());
  }
}
