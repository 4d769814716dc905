package io.tally.bench.load;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

public class ClosedLoopTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  public void aRefusedWorkerWaitsTheRetryAfterAndRefusalsAreCountedApartFromEvents() throws InterruptedException {
    AtomicInteger sent = new AtomicInteger();
    // Every request refused with a 1 s Retry-After: over a 1.5 s load one worker sends twice.
    LoadResult result = ClosedLoop.run("test", new LoadCell(1, 10), Duration.ZERO, Duration.ofMillis(1_500),
        (worker, n) -> {
          sent.incrementAndGet();
          return Answer.refused(Duration.ofSeconds(1));
        });
    assertEquals(2, sent.get());
    assertEquals(2, result.window().refusedRequests());
    assertEquals(0, result.window().accepted());
    assertEquals(0, result.latency().count());
  }

  @Test
  public void answersAreCountedInTheWindowAndAcceptedEventsOverTheWholeLoad() throws InterruptedException {
    LoadResult result = ClosedLoop.run("test", new LoadCell(2, 5), Duration.ofMillis(200), Duration.ofMillis(400),
        (worker, n) -> Answer.accepted(5));
    assertTrue(result.window().accepted() > 0);
    assertTrue(result.acceptedTotal() > result.window().accepted());
    assertEquals(result.window().requests() * 5, result.window().accepted());
    assertEquals(result.window().requests(), result.latency().count());
  }

  @Test
  public void requestsThatOutlastTheWindowAreCountedAsAnsweredAfterIt() throws Exception {
    Duration window = Duration.ofMillis(50);
    CountDownLatch inFlight = new CountDownLatch(3);
    CountDownLatch answer = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicLong firstSent = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
    CompletableFuture<LoadResult> load = CompletableFuture.supplyAsync(() -> {
      try {
        return ClosedLoop.run("test", new LoadCell(3, 1), Duration.ZERO, window, (worker, n) -> {
          firstSent.accumulateAndGet(System.nanoTime(), Math::min);
          inFlight.countDown();
          assertTrue("released", answer.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
          return Answer.accepted(1);
        });
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertTrue("3 requests in flight", inFlight.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    // The condition awaited is the window itself having passed while the requests are held: it
    // opened before the first request was sent, so it is over one window after that send.
    long windowOver = firstSent.get() + window.toNanos();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < windowOver && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    answer.countDown();
    LoadResult result = load.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(0, result.window().requests());
    assertEquals(3, result.window().answeredAfter());
    assertEquals(3, result.acceptedTotal());
  }

  @Test
  public void failuresAreCountedNotThrown() throws InterruptedException {
    LoadResult result = ClosedLoop.run("test", new LoadCell(1, 1), Duration.ZERO, Duration.ofMillis(100),
        (worker, n) -> {
          throw new java.io.IOException("HTTP 500");
        });
    assertTrue(result.failures() > 0);
    assertEquals(0, result.window().requests());
  }
}
