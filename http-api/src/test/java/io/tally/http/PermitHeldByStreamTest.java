package io.tally.http;

import static org.junit.Assert.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.AfterClass;
import org.junit.Test;

public class PermitHeldByStreamTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterClass
  public static void stop() {
    testKit.shutdownTestKit();
  }

  private static void awaitReleases(AtomicInteger releases, int expected) {
    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
      assertEquals(expected, releases.get());
      return null;
    });
  }

  @Test
  public void aStreamThatRunsGivesThePermitBackWhenItEndsAndOnlyThen() throws Exception {
    PermitCount count = new PermitCount(1);
    PermitCount.Permit permit = count.tryTake().orElseThrow();
    AtomicInteger releases = new AtomicInteger();
    Source<Integer, ?> answer = PermitHeldByStream.hold(Source.from(List.of(1, 2, 3)), () -> {
      releases.incrementAndGet();
      permit.release();
    }, Duration.ofMillis(200), testKit.system());

    assertEquals(List.of(1, 2, 3), answer.runWith(Sink.seq(), testKit.system()).toCompletableFuture()
        .get(5, TimeUnit.SECONDS));
    awaitReleases(releases, 1);
    assertEquals(true, count.tryTake().isPresent());
  }

  @Test
  public void aStreamThatNeverStartsGivesThePermitBackAfterTheStartDeadline() {
    PermitCount count = new PermitCount(1);
    PermitCount.Permit permit = count.tryTake().orElseThrow();
    AtomicInteger releases = new AtomicInteger();
    PermitHeldByStream.hold(Source.single(1), () -> {
      releases.incrementAndGet();
      permit.release();
    }, Duration.ofMillis(200), testKit.system());
    // Never run, as when the client left before the answer was sent.
    awaitReleases(releases, 1);
    assertEquals(true, count.tryTake().isPresent());
  }
}
