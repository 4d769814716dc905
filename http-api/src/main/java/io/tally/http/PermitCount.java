package io.tally.http;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code max} of one kind of work at once on this node. A permit is taken without waiting
 * (past the bound the caller refuses the work, it never queues) and given back exactly once.
 */
final class PermitCount {

  /** Admitted work of some units; giving it back twice has no effect. */
  final class Permit {
    private final int units;
    private final AtomicBoolean returned = new AtomicBoolean();

    private Permit(int units) {
      this.units = units;
    }

    void release() {
      if (returned.compareAndSet(false, true)) {
        held.addAndGet(-units);
      }
    }
  }

  private final int max;
  private final AtomicInteger held = new AtomicInteger();

  PermitCount(int max) {
    this.max = max;
  }

  Optional<Permit> tryTake() {
    return tryTake(1);
  }

  /**
   * Takes {@code units} at once, or nothing. Work larger than the whole bound is still admitted
   * when nothing else is held, so that no size is refused forever.
   */
  Optional<Permit> tryTake(int units) {
    while (true) {
      int now = held.get();
      if (now > 0 && now + units > max || now >= max) {
        return Optional.empty();
      }
      if (held.compareAndSet(now, now + units)) {
        return Optional.of(new Permit(units));
      }
    }
  }

  /** Units held now. */
  int held() {
    return held.get();
  }

  int max() {
    return max;
  }
}
