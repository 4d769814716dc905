package io.tally.cluster.outage;

import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.context.DriverContext;
import com.datastax.oss.driver.api.core.session.throttling.RequestThrottler;
import com.datastax.oss.driver.api.core.session.throttling.Throttled;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Holds the session's requests while it cannot reach any Cassandra node, and lets them go the
 * moment a node is up again. Without it, every retry loop in the node turns an outage into a busy
 * loop: with no node up the driver fails a request at once, and the journal plugin's tag writer
 * retries a failed tag write after its flush interval (zero in Tally, to take the flush timer off
 * every write's latency). Held, a request either proceeds when Cassandra answers or fails with
 * its own request timeout, which the driver counts from before throttling; it is never sent late.
 *
 * <p>Configured as {@code datastax-java-driver.advanced.throttler.class}; at most
 * {@code advanced.throttler.max-queue-size} requests are held, beyond that a request fails at
 * once with {@link RequestThrottlingException}.
 */
public final class OutageHoldingThrottler implements RequestThrottler {

  private final CassandraReachability reachability;
  private final int maxHeld;
  // Guarded by this; insertion order is the order requests are let go.
  private final Set<Throttled> held = new LinkedHashSet<>();
  private boolean closed;

  public OutageHoldingThrottler(DriverContext context) {
    this(CassandraReachability.of(context),
        context.getConfig().getDefaultProfile().getInt(DefaultDriverOption.REQUEST_THROTTLER_MAX_QUEUE_SIZE));
  }

  OutageHoldingThrottler(CassandraReachability reachability, int maxHeld) {
    this.reachability = reachability;
    this.maxHeld = maxHeld;
    reachability.whenReachable(this::releaseAll);
  }

  @Override
  public void register(Throttled request) {
    if (!reachability.unreachable()) {
      request.onThrottleReady(false);
      return;
    }
    boolean full;
    synchronized (this) {
      full = closed || held.size() >= maxHeld;
      if (!full) {
        held.add(request);
      }
    }
    if (full) {
      request.onThrottleFailure(new RequestThrottlingException(
          "Cassandra is unreachable and " + maxHeld + " requests are already waiting for it"));
    } else if (!reachability.unreachable()) {
      // A node came up between the check and the hold: let it go rather than wait for the next event.
      releaseAll();
    }
  }

  /** How many requests are waiting for Cassandra. */
  public synchronized int heldCount() {
    return held.size();
  }

  @Override
  public void signalSuccess(Throttled request) {
    // Nothing counted: holding depends on reachability only.
  }

  @Override
  public void signalError(Throttled request, Throwable error) {
    forget(request);
  }

  @Override
  public void signalTimeout(Throttled request) {
    forget(request);
  }

  @Override
  public void close() {
    List<Throttled> failing;
    synchronized (this) {
      closed = true;
      failing = new ArrayList<>(held);
      held.clear();
    }
    failing.forEach(r -> r.onThrottleFailure(new RequestThrottlingException("the session is closing")));
  }

  private synchronized void forget(Throttled request) {
    held.remove(request);
  }

  private void releaseAll() {
    List<Throttled> ready;
    synchronized (this) {
      ready = new ArrayList<>(held);
      held.clear();
    }
    ready.forEach(r -> r.onThrottleReady(true));
  }
}
