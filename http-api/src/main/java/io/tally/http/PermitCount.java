package io.tally.http;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code max} of one kind of work at once on this node. A permit is taken without waiting
 * (past the bound the caller refuses the work, it never queues) and given back exactly once.
 */
public final class PermitCount {

  /** One unit of admitted work; giving it back twice has no effect. */
  public final class Permit {
    private final AtomicBoolean returned = new AtomicBoolean();

    public void release() {
      if (returned.compareAndSet(false, true)) {
        held.decrementAndGet();
      }
    }
  }

  private final int max;
  private final AtomicInteger held = new AtomicInteger();

  public PermitCount(int max) {
    this.max = max;
  }

  public Optional<Permit> tryTake() {
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

  public int max() {
    return max;
  }
}
