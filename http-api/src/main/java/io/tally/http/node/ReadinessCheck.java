package io.tally.http.node;

import java.util.concurrent.CompletionStage;

/** Whether this node can serve traffic now; never fails, reports a failed check instead. */
@FunctionalInterface
public interface ReadinessCheck {
  CompletionStage<Readiness> check();
}
