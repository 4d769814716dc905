package io.tally.bench.load;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.tally.bench.report.LatencyRecorder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

public class OpenLoopScheduleTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  public void requestsAreDueAtTheRateWhateverTheBatch() {
    OpenLoopSchedule single = OpenLoopSchedule.of(0, 1_000, 1, Duration.ZERO, Duration.ofSeconds(1));
    assertEquals(MS, single.dueNanos(1));
    assertEquals(1_000, single.requests());
    OpenLoopSchedule batches = OpenLoopSchedule.of(0, 1_000, 100, Duration.ZERO, Duration.ofSeconds(1));
    assertEquals(100 * MS, batches.dueNanos(1));
    assertEquals(10, batches.requests());
  }

  @Test
  public void theWindowIsChosenByDueTimeAfterTheWarmUp() {
    OpenLoopSchedule s = OpenLoopSchedule.of(0, 1_000, 1, Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertFalse(s.inWindow(999));
    assertTrue(s.inWindow(1_000));
    assertTrue(s.inWindow(2_999));
    assertEquals(3_000, s.requests());
  }

  /**
   * A node answering in 1 ms stalls for 1 s once in a 10 s window at 1,000 requests/s: every
   * request due during the stall is answered when it ends. Measured from the due time, the
   * stall's 1,000 requests (10 %) waited 0.5 s on average and p99 shows it; measured from when a
   * stalled sender got them out (after the stall), every request looks fast.
   */
  @Test
  public void latencyFromTheDueTimeShowsAStallThatSendTimesHide() {
    OpenLoopSchedule s = OpenLoopSchedule.of(0, 1_000, 1, Duration.ZERO, Duration.ofSeconds(10));
    long stallStart = 5_000 * MS;
    long stallEnd = 6_000 * MS;
    LatencyRecorder fromDue = new LatencyRecorder();
    LatencyRecorder fromSend = new LatencyRecorder();
    for (long i = 0; i < s.requests(); i++) {
      long due = s.dueNanos(i);
      boolean stalled = due >= stallStart && due < stallEnd;
      long sent = stalled ? stallEnd : due;
      long answered = sent + MS;
      fromDue.recordNanos(s.latencyNanos(i, answered));
      fromSend.recordNanos(answered - sent);
    }
    LatencyRecorder.Percentiles due = fromDue.percentiles();
    LatencyRecorder.Percentiles send = fromSend.percentiles();
    assertEquals(10_000, due.count());
    assertEquals(1, due.p50(), 0.01);
    assertEquals(901, due.p99(), 1);
    assertEquals(1_001, due.max(), 1);
    assertEquals(1, send.p99(), 0.01);
  }

  @Test(expected = IllegalArgumentException.class)
  public void anOpenLoopNeedsARate() {
    OpenLoopSchedule.of(0, 0, 1, Duration.ZERO, Duration.ofSeconds(1));
  }
}
