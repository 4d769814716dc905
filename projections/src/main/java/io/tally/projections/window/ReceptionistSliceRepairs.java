package io.tally.projections.window;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.receptionist.Receptionist;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Finds the slice's writer through the Receptionist and asks it. When no writer is registered
 * (the slice's projection is moving between nodes) the repair fails and the next detector run
 * tries again.
 */
public final class ReceptionistSliceRepairs implements SliceRepairs {

  private final ActorSystem<?> system;
  private final Duration timeout;

  public ReceptionistSliceRepairs(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<RowRepairResult> repair(RowRepair repair) {
    var key = SliceWriterEndpoint.key(repair.slice());
    return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
            reply -> Receptionist.find(key, reply), timeout, system.scheduler())
        .thenCompose(listing -> {
          Set<ActorRef<SliceWriterEndpoint.Repair>> writers = listing.getServiceInstances(key);
          if (writers.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                "no window-view writer is running for slice " + repair.slice()));
          }
          return AskPattern.ask(writers.iterator().next(),
              (ActorRef<RowRepairResult> reply) -> new SliceWriterEndpoint.Repair(repair, reply), timeout,
              system.scheduler());
        });
  }
}
