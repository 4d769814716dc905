package io.tally.bench.load;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

public class ClosedLoopTest {

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
        (worker, n) -> {
          Thread.sleep(10);
          return Answer.accepted(5);
        });
    assertTrue(result.window().accepted() > 0);
    assertTrue(result.acceptedTotal() > result.window().accepted());
    assertEquals(result.window().requests() * 5, result.window().accepted());
    assertEquals(result.window().requests(), result.latency().count());
  }

  @Test
  public void requestsThatOutlastTheWindowAreCountedAsAnsweredAfterIt() throws InterruptedException {
    LoadResult result = ClosedLoop.run("test", new LoadCell(3, 1), Duration.ZERO, Duration.ofMillis(50),
        (worker, n) -> {
          Thread.sleep(200);
          return Answer.accepted(1);
        });
    assertEquals(0, result.window().requests());
    assertEquals(3, result.window().answeredAfter());
    assertEquals(3, result.acceptedTotal());
  }

  @Test
  public void failuresAreCountedNotThrown() throws InterruptedException {
    LoadResult result = ClosedLoop.run("test", new LoadCell(1, 1), Duration.ZERO, Duration.ofMillis(100),
        (worker, n) -> {
          Thread.sleep(10);
          throw new java.io.IOException("HTTP 500");
        });
    assertTrue(result.failures() > 0);
    assertEquals(0, result.window().requests());
  }
}
