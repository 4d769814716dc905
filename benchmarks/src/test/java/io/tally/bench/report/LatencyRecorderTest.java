package io.tally.bench.report;

import static org.junit.Assert.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.Test;

public class LatencyRecorderTest {

  /** HDR histogram with 3 significant digits: values within 0.1 % of the true one. */
  private static final double PRECISION = 0.001;

  @Test
  public void percentilesOfAUniformDistributionAreItsQuantiles() {
    LatencyRecorder recorder = new LatencyRecorder();
    for (int ms = 1; ms <= 1000; ms++) {
      recorder.recordNanos(TimeUnit.MILLISECONDS.toNanos(ms));
    }
    LatencyRecorder.Percentiles p = recorder.percentiles();
    assertEquals(1000, p.count());
    assertEquals(500, p.p50(), 500 * PRECISION);
    assertEquals(990, p.p99(), 990 * PRECISION);
    assertEquals(999, p.p999(), 999 * PRECISION);
    assertEquals(1000, p.max(), 1000 * PRECISION);
  }

  @Test
  public void aSlowTailOfTwoPerMilleShowsInP999Only() {
    LatencyRecorder recorder = new LatencyRecorder();
    for (int i = 0; i < 9_980; i++) {
      recorder.recordNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
    for (int i = 0; i < 20; i++) {
      recorder.recordNanos(TimeUnit.MILLISECONDS.toNanos(500));
    }
    LatencyRecorder.Percentiles p = recorder.percentiles();
    assertEquals(2, p.p50(), 2 * PRECISION);
    assertEquals(2, p.p99(), 2 * PRECISION);
    assertEquals(500, p.p999(), 500 * PRECISION);
  }

  @Test
  public void percentilesAccumulateAcrossReads() {
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.recordNanos(TimeUnit.MILLISECONDS.toNanos(1));
    recorder.percentiles();
    recorder.recordNanos(TimeUnit.MILLISECONDS.toNanos(3));
    assertEquals(2, recorder.percentiles().count());
  }

  @Test
  public void latenciesBeyondTheRangeAreClampedNotLost() {
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.recordNanos(TimeUnit.HOURS.toNanos(1));
    recorder.recordNanos(0);
    assertEquals(2, recorder.percentiles().count());
  }
}
