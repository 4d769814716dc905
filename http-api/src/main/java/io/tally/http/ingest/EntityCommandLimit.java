package io.tally.http.ingest;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * How many entity commands JSON ingest may drive at once, adapted to how fast they finish
 * (additive increase, multiplicative decrease). A fixed bound is right for one machine only:
 * past what the entities and the journal finish in time, more commands only make every command
 * slower, until asks time out and whole batches come back {@code unavailable}. So while commands
 * finish within half of {@code latency-target} the limit grows by one per command finished while
 * it is at least half in use, and holds while they take between half the target and the target; a
 * command slower than that (or failed) shrinks it by {@code backoff-ratio}, at most once per
 * {@code latency-target}, between {@code min} and {@code max}. Work past the limit is refused
 * at once, before any entity is asked.
 */
public final class EntityCommandLimit {

  /** The {@code tally.http.ingest.entity-commands} section. */
  public record Settings(int min, int max, int initial, Duration latencyTarget, double backoffRatio) {
    public Settings {
      if (min < 1 || max < min || initial < min || initial > max) {
        throw new IllegalArgumentException("entity-commands needs 1 <= min <= initial <= max");
      }
      if (backoffRatio <= 0 || backoffRatio >= 1) {
        throw new IllegalArgumentException("entity-commands.backoff-ratio must be between 0 and 1");
      }
    }
  }

  /** Commands taken at once by one request; given back exactly once. */
  final class Permit {
    private final int units;
    private final AtomicBoolean returned = new AtomicBoolean();

    private Permit(int units) {
      this.units = units;
    }

    /** The commands this permit lets run at once. */
    int units() {
      return units;
    }

    void release() {
      if (returned.compareAndSet(false, true)) {
        synchronized (EntityCommandLimit.this) {
          inFlight -= units;
        }
      }
    }
  }

  private final Settings settings;
  private final LongSupplier nanoClock;
  // Guarded by this: a few fields changed together on every admission and every finished command.
  private int limit;
  private int inFlight;
  private long lastDecrease;

  EntityCommandLimit(Settings settings, LongSupplier nanoClock) {
    this.settings = settings;
    this.nanoClock = nanoClock;
    this.limit = settings.initial();
    this.lastDecrease = nanoClock.getAsLong() - settings.latencyTarget().toNanos();
  }

  /**
   * Takes {@code units} commands, or nothing. Work larger than the whole limit is still admitted
   * when nothing else runs, so that no request size is refused forever.
   */
  synchronized Optional<Permit> tryTake(int units) {
    if (inFlight > 0 && inFlight + units > limit) {
      return Optional.empty();
    }
    inFlight += units;
    return Optional.of(new Permit(units));
  }

  /**
   * Takes as many of {@code wanted} commands as are free now, or nothing when none is; all of
   * them when nothing else runs. For paced work (batches, Kafka) that waits for room rather than
   * being refused: it goes on with fewer commands at once. Waiting for room for all of them could
   * wait forever: a limit backed off below that size has it only when nothing else runs, and
   * several paced streams polling for that moment starve one another.
   */
  synchronized Optional<Permit> tryTakeUpTo(int wanted) {
    int units = inFlight == 0 ? wanted : Math.min(wanted, limit - inFlight);
    if (units <= 0) {
      return Optional.empty();
    }
    inFlight += units;
    return Optional.of(new Permit(units));
  }

  /** One entity command finished (answered or not) after {@code latencyNanos}. */
  synchronized void finished(long latencyNanos, boolean failed) {
    long target = settings.latencyTarget().toNanos();
    if (failed || latencyNanos > target) {
      long now = nanoClock.getAsLong();
      if (now - lastDecrease >= target) {
        limit = Math.max(settings.min(), (int) (limit * settings.backoffRatio()));
        lastDecrease = now;
      }
    } else if (inFlight * 2 >= limit && latencyNanos * 2 <= target) {
      // Clearly fast (within half the target) while in use (at least half; a request takes up to
      // entity-parallelism at once, so waiting for a full limit would stall growth just below
      // it): room for one more. Between half the target and the target the limit holds, so that
      // it settles where commands take about that long instead of growing until the first slow
      // one: grown to the target, a stall of the store timed out the queue behind it (events
      // answered unavailable).
      limit = Math.min(settings.max(), limit + 1);
    }
  }

  /** Whether every command the limit allows is taken: any more work would be refused. */
  synchronized boolean full() {
    return inFlight > 0 && inFlight >= limit;
  }

  synchronized int limit() {
    return limit;
  }

  synchronized int inFlight() {
    return inFlight;
  }
}
