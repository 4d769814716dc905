package io.tally.http.node;

import static org.junit.Assert.assertFalse;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

public class SupervisorWatchTest {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  @Test
  public void theNodeStopsWhenItsSupervisingProcessExits() throws Exception {
    // A supervisor that lives until its stdin is closed: its exit is under the test's control.
    Process supervisor = new ProcessBuilder("cat").start();
    ActorTestKit testKit = ActorTestKit.create("supervisor-watch");
    try {
      SupervisorWatch.start(testKit.system(),
          ConfigFactory.parseString(SupervisorWatch.SETTING + " = " + supervisor.pid()));
      assertFalse("stopped while the supervisor runs",
          testKit.system().getWhenTerminated().toCompletableFuture().isDone());

      supervisor.getOutputStream().close();

      testKit.system().getWhenTerminated().toCompletableFuture()
          .get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      supervisor.destroyForcibly();
      testKit.shutdownTestKit();
    }
  }

  @Test
  public void withoutASupervisorTheNodeRuns() {
    ActorTestKit testKit = ActorTestKit.create("no-supervisor");
    try {
      SupervisorWatch.start(testKit.system(), ConfigFactory.parseString(SupervisorWatch.SETTING + " = 0"));
      assertFalse(testKit.system().getWhenTerminated().toCompletableFuture().isDone());
    } finally {
      testKit.shutdownTestKit();
    }
  }
}
