package io.tally.bench.readside;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class ViewLagProbeTest {

  private static final Duration FAST = Duration.ofMillis(5);

  @Test
  public void aRequestIsCoveredOnceTheCountPassesEverythingAcceptedUpToIt() throws Exception {
    AtomicLong applied = new AtomicLong(1_000);
    try (ViewLagProbe probe = new ViewLagProbe(applied::get, 1_000, FAST)) {
      long answered = System.nanoTime();
      probe.accepted(100, answered);
      probe.accepted(100, answered);
      applied.set(1_150);
      probe.sample();
      applied.set(1_200);
      probe.start();
      ViewLagProbe.Views views = probe.awaitViews(System.nanoTime(), Duration.ofSeconds(5));
      assertTrue(views.completeAfter().isPresent());
      assertEquals(0, views.missing());
      assertEquals(1_200, views.applied());
      assertEquals(2, views.lag().requests());
      assertFalse(views.lag().censored());
    }
  }

  @Test
  public void eventsStillMissingAtTheBoundAreCountedAndTheLagIsALowerBound() throws Exception {
    AtomicLong applied = new AtomicLong(0);
    try (ViewLagProbe probe = new ViewLagProbe(applied::get, 0, FAST).start()) {
      probe.accepted(100, System.nanoTime());
      probe.accepted(100, System.nanoTime());
      applied.set(100);
      ViewLagProbe.Views views = probe.awaitViews(System.nanoTime(), Duration.ofMillis(200));
      assertTrue(views.completeAfter().isEmpty());
      assertEquals(100, views.missing());
      assertEquals(2, views.lag().requests());
      assertTrue(views.lag().censored());
    }
  }

  @Test
  public void aFailedScrapeIsCountedNotFatal() throws Exception {
    AtomicLong calls = new AtomicLong();
    try (ViewLagProbe probe = new ViewLagProbe(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("node busy");
      }
      return 10;
    }, 0, FAST)) {
      probe.accepted(10, System.nanoTime());
      probe.sample();
      probe.start();
      ViewLagProbe.Views views = probe.awaitViews(System.nanoTime(), Duration.ofSeconds(5));
      assertTrue(views.completeAfter().isPresent());
      assertEquals(1, views.failedSamples());
    }
  }
}
