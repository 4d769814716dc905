package io.tally.cluster.outage;

import com.datastax.oss.driver.api.core.context.DriverContext;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeStateListener;
import com.datastax.oss.driver.api.core.session.Session;

/**
 * Feeds the driver's node events into the session's {@link CassandraReachability}; configured as
 * {@code datastax-java-driver.advanced.node-state-listener.classes}.
 */
public final class CassandraReachabilityListener implements NodeStateListener {

  private final CassandraReachability reachability;

  public CassandraReachabilityListener(DriverContext context) {
    this.reachability = CassandraReachability.of(context);
  }

  @Override
  public void onSessionReady(Session session) {
    reachability.seed(session.getMetadata().getNodes().values());
  }

  @Override
  public void onUp(Node node) {
    reachability.nodeUp(node);
  }

  @Override
  public void onDown(Node node) {
    reachability.nodeDown(node);
  }

  @Override
  public void onRemove(Node node) {
    reachability.nodeDown(node);
  }

  @Override
  public void onAdd(Node node) {
    // A new node is not up until the driver has connected to it (onUp).
  }

  @Override
  public void close() {
    // Nothing held.
  }
}
