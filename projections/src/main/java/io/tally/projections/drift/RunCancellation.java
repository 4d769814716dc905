package io.tally.projections.drift;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The cancellation of one reconciliation run. Every step of a run (a state read, a partition
 * read, a re-check, a repair) asks it first, so a run cancelled at its timeout starts nothing new
 * and ends once its steps in flight return, instead of going on beside the next run.
 */
public final class RunCancellation {

  private final AtomicBoolean cancelled = new AtomicBoolean();

  public void cancel() {
    cancelled.set(true);
  }

  public boolean isCancelled() {
    return cancelled.get();
  }

  /** Runs the step unless the run was cancelled, in which case it fails with a CancellationException. */
  public <T> CompletionStage<T> unlessCancelled(Supplier<CompletionStage<T>> step) {
    if (cancelled.get()) {
      return CompletableFuture.failedFuture(new CancellationException("reconciliation run cancelled at its timeout"));
    }
    return step.get();
  }
}
