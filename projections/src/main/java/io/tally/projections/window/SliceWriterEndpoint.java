package io.tally.projections.window;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import io.tally.projections.ProjectionsSerializable;

/**
 * Makes a slice's {@link SliceWriter} reachable from any node: an actor registered with the
 * Receptionist under the slice's key, living as long as the slice's projection instance (across
 * its stream restarts and pauses), that hands repairs to the writer.
 */
public final class SliceWriterEndpoint {

  private SliceWriterEndpoint() {}

  /** The only message: apply a repair and reply with its result. */
  public record Repair(RowRepair repair, ActorRef<RowRepairResult> replyTo) implements ProjectionsSerializable {}

  public static ServiceKey<Repair> key(int slice) {
    return ServiceKey.create(Repair.class, "tally-window-view-writer-" + slice);
  }

  public static Behavior<Repair> create(SliceWriter writer) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(key(writer.slice()), ctx.getSelf()));
      return Behaviors.receiveMessage(m -> {
        writer.repair(m.repair()).whenComplete((result, error) -> m.replyTo().tell(error == null ? result
            : new RowRepairResult.Failed(String.valueOf(error.getMessage()))));
        return Behaviors.same();
      });
    });
  }
}
