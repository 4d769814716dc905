package io.tally.http.ingest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class EntityCommandLimitTest {

  private static final long FAST = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long SLOW = TimeUnit.SECONDS.toNanos(3);

  private final AtomicLong now = new AtomicLong();

  private EntityCommandLimit limit(int min, int max, int initial) {
    return new EntityCommandLimit(new EntityCommandLimit.Settings(min, max, initial, Duration.ofSeconds(1), 0.5),
        now::get);
  }

  @Test
  public void workPastTheLimitIsRefusedAndAReleaseCountsOnce() {
    EntityCommandLimit limit = limit(1, 100, 10);
    EntityCommandLimit.Permit first = limit.tryTake(6).orElseThrow();
    assertTrue(limit.tryTake(5).isEmpty());
    limit.tryTake(4).orElseThrow();
    first.release();
    first.release();
    assertEquals(4, limit.inFlight());
  }

  @Test
  public void theLimitGrowsByOneForEachClearlyFastCommandWhileItIsInUse() {
    EntityCommandLimit limit = limit(1, 12, 10);
    limit.tryTake(10).orElseThrow();
    for (int i = 0; i < 5; i++) {
      limit.finished(FAST, false);
    }
    assertEquals("capped at max", 12, limit.limit());
  }

  @Test
  public void aCommandBetweenHalfTheTargetAndTheTargetHoldsTheLimit() {
    EntityCommandLimit limit = limit(1, 100, 10);
    limit.tryTake(10).orElseThrow();
    limit.finished(TimeUnit.MILLISECONDS.toNanos(700), false);
    assertEquals(10, limit.limit());
  }

  @Test
  public void aFastCommandDoesNotGrowALimitThatIsNotInUse() {
    EntityCommandLimit limit = limit(1, 100, 10);
    limit.tryTake(2).orElseThrow();
    limit.finished(FAST, false);
    assertEquals(10, limit.limit());
  }

  @Test
  public void aSlowOrUnansweredCommandShrinksTheLimitAtMostOncePerTarget() {
    EntityCommandLimit limit = limit(4, 100, 64);
    limit.finished(SLOW, false);
    assertEquals(32, limit.limit());
    limit.finished(SLOW, false);
    limit.finished(FAST, true);
    assertEquals("the same slow period shrinks it once", 32, limit.limit());
    now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    limit.finished(FAST, true);
    assertEquals(16, limit.limit());
    for (int i = 0; i < 5; i++) {
      now.addAndGet(TimeUnit.SECONDS.toNanos(1));
      limit.finished(SLOW, false);
    }
    assertEquals("never below min", 4, limit.limit());
  }

  @Test
  public void workLargerThanTheLimitIsAdmittedAlone() {
    EntityCommandLimit limit = limit(1, 100, 8);
    EntityCommandLimit.Permit alone = limit.tryTake(32).orElseThrow();
    assertTrue(limit.tryTake(1).isEmpty());
    alone.release();
    limit.tryTake(1).orElseThrow();
  }

  @Test
  public void pacedWorkTakesWhatIsFreeAndNothingWhenTheLimitIsFull() {
    EntityCommandLimit limit = limit(1, 100, 16);
    EntityCommandLimit.Permit interactive = limit.tryTake(10).orElseThrow();
    EntityCommandLimit.Permit paced = limit.tryTakeUpTo(64).orElseThrow();
    assertEquals("the 6 commands left of 16", 6, paced.units());
    assertEquals(16, limit.inFlight());
    assertTrue(limit.tryTakeUpTo(64).isEmpty());
    interactive.release();
    assertEquals(10, limit.tryTakeUpTo(64).orElseThrow().units());
    paced.release();
    assertEquals(10, limit.inFlight());
  }

  @Test
  public void pacedWorkAloneTakesAllItWantsEvenPastABackedOffLimit() {
    EntityCommandLimit limit = limit(4, 100, 64);
    limit.finished(SLOW, false);
    assertEquals(32, limit.limit());
    EntityCommandLimit.Permit alone = limit.tryTakeUpTo(64).orElseThrow();
    assertEquals(64, alone.units());
    assertTrue(limit.tryTakeUpTo(1).isEmpty());
  }

  @Test(expected = IllegalArgumentException.class)
  public void settingsOutOfOrderAreRefusedAtStart() {
    new EntityCommandLimit.Settings(10, 5, 8, Duration.ofSeconds(1), 0.5);
  }
}
