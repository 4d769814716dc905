package io.tally.http;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code max} of one kind of work at once on this node. A permit is taken without waiting
 * (past the bound the caller refuses the work, it never queues) and given back exactly once.
 */
final class PermitCount {

  /** One unit of admitted work; giving it back twice has no effect. */
  final class Permit {
    private final AtomicBoolean returned = new AtomicBoolean();

    void release() {
      if (returned.compareAndSet(false, true)) {
        held.decrementAndGet();
      }
    }
  }

  private final int max;
  private final AtomicInteger held = new AtomicInteger();

  PermitCount(int max) {
    this.max = max;
  }

  Optional<Permit> tryTake() {
    while (true) {
      int now = held.get();
      if (now >= max) {
        return Optional.empty();
      }
      if (held.compareAndSet(now, now + 1)) {
        return Optional.of(new Permit());
      }
    }
  }

  int max() {
    return max;
  }
}
