package io.tally.cluster.outage;

import com.datastax.oss.driver.api.core.context.DriverContext;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/**
 * Whether one driver session can reach any Cassandra node, as the driver's own node events say:
 * unreachable once it has seen a node go down and no node is up, reachable again at the first
 * node up. The driver builds its throttler and node listeners separately, each from the session's
 * {@link DriverContext}; they meet here, one instance per context.
 */
public final class CassandraReachability {

  private static final Map<DriverContext, CassandraReachability> BY_SESSION =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final Set<Node> up = ConcurrentHashMap.newKeySet();
  private final List<Runnable> whenReachable = new CopyOnWriteArrayList<>();
  private volatile boolean downSeen;

  CassandraReachability() {}

  /** The reachability of the session built on {@code context}. */
  public static CassandraReachability of(DriverContext context) {
    return BY_SESSION.computeIfAbsent(context, c -> new CassandraReachability());
  }

  /**
   * True while the session knows it cannot reach any node. Before the first node-down event it is
   * never true: at start-up, the driver's own connection errors are the answer.
   */
  public boolean unreachable() {
    return downSeen && up.isEmpty();
  }

  /** Runs {@code action} each time the session goes from unreachable to reachable. */
  void whenReachable(Runnable action) {
    whenReachable.add(action);
  }

  /** Seeds the state from the session's metadata once it is ready (events may predate listeners). */
  void seed(Collection<Node> nodes) {
    nodes.forEach(node -> {
      if (node.getState() == NodeState.UP) {
        up.add(node);
      }
    });
  }

  void nodeUp(Node node) {
    boolean wasUnreachable = unreachable();
    up.add(node);
    if (wasUnreachable) {
      whenReachable.forEach(Runnable::run);
    }
  }

  void nodeDown(Node node) {
    up.remove(node);
    downSeen = true;
  }
}
