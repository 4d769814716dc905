package io.tally.http.node;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import java.util.Optional;

/**
 * Stops the node when the process that started it exits ({@code tally.node.exit-with-pid}), so a
 * supervising process — the multi-node integration tests — never leaves orphaned nodes behind,
 * even when it is itself killed.
 */
public final class SupervisorWatch {

  static final String SETTING = "tally.node.exit-with-pid";

  private SupervisorWatch() {}

  public static void start(ActorSystem<?> system, Config config) {
    long pid = config.getLong(SETTING);
    if (pid <= 0) {
      return;
    }
    Optional<ProcessHandle> supervisor = ProcessHandle.of(pid);
    if (supervisor.isEmpty()) {
      system.log().warn("{} = {}: no such process; stopping", SETTING, pid);
      system.terminate();
      return;
    }
    supervisor.get().onExit().thenRun(() -> {
      system.log().warn("supervising process {} exited; stopping", pid);
      system.terminate();
    });
  }
}
