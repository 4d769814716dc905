package io.tally.projections.drift;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.ShardedDaemonProcessSettings;
import akka.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import java.time.Duration;
import java.util.Optional;

/**
 * Periodic detector runs: one ShardedDaemonProcess instance in the cluster (so one node runs
 * them, and another takes over when it leaves), ticking at the configured interval.
 */
public final class DriftSchedule {

  public static final String NAME = "drift-detector";

  /** The schedule's one message. */
  public enum Tick { INSTANCE }

  private DriftSchedule() {}

  public static void init(ActorSystem<?> system, Reconciliation reconciliation, Duration interval) {
    if (interval.isZero()) {
      return;
    }
    ShardedDaemonProcess.get(system).init(Tick.class, NAME, 1, i -> behavior(reconciliation, interval),
        ShardedDaemonProcessSettings.create(system), Optional.empty());
  }

  static Behavior<Tick> behavior(Reconciliation reconciliation, Duration interval) {
    return Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
      return Behaviors.receiveMessage(tick -> {
        // Fire and forget: the service guards against overlapping runs and logs failures.
        reconciliation.runNow("periodic", ReconciliationService.DETECTOR, false);
        return Behaviors.same();
      });
    });
  }
}
