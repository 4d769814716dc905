package io.tally.http;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.stream.javadsl.Source;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ties a permit to a streamed answer: given back when the stream ends, however it ends, or, when
 * the stream never starts (the client left before the answer was sent, so Akka HTTP never runs it),
 * once {@code startWithin} has passed. Without the second case every such client would keep a
 * permit for good.
 */
public final class PermitHeldByStream {

  private PermitHeldByStream() {}

  public static <T> Source<T, NotUsed> hold(
      Source<T, ?> answer, Runnable release, Duration startWithin, ActorSystem<?> system) {
    AtomicBoolean started = new AtomicBoolean();
    system.scheduler().scheduleOnce(startWithin, () -> {
      if (!started.get()) {
        release.run();
      }
    }, system.executionContext());
    return answer.watchTermination((mat, done) -> {
      started.set(true);
      done.whenComplete((d, e) -> release.run());
      return NotUsed.getInstance();
    });
  }
}
