package io.tally.cluster.outage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.session.throttling.Throttled;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class OutageHoldingThrottlerTest {

  /** A request as the driver hands it over: records what the throttler told it. */
  private static final class Request implements Throttled {
    final List<String> told = new ArrayList<>();

    @Override
    public void onThrottleReady(boolean wasDelayed) {
      told.add(wasDelayed ? "ready after a wait" : "ready");
    }

    @Override
    public void onThrottleFailure(RequestThrottlingException error) {
      told.add("failed: " + error.getMessage());
    }
  }

  private static Node node(String name) {
    return (Node) Proxy.newProxyInstance(Node.class.getClassLoader(), new Class<?>[] {Node.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "toString" -> name;
          case "hashCode" -> name.hashCode();
          case "equals" -> proxy == args[0];
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  @Test
  public void requestsProceedAtOnceWhileANodeIsUpOrBeforeAnyWasSeenDown() {
    CassandraReachability reachability = new CassandraReachability();
    OutageHoldingThrottler throttler = new OutageHoldingThrottler(reachability, 10);
    Request atStartUp = new Request();
    throttler.register(atStartUp);
    Node a = node("a");
    Node b = node("b");
    reachability.nodeUp(a);
    reachability.nodeUp(b);
    reachability.nodeDown(a);
    Request oneNodeDown = new Request();
    throttler.register(oneNodeDown);
    assertEquals(List.of("ready"), atStartUp.told);
    assertEquals(List.of("ready"), oneNodeDown.told);
    assertEquals(0, throttler.heldCount());
  }

  @Test
  public void withNoNodeUpRequestsWaitAndGoInOrderWhenANodeIsUpAgain() {
    CassandraReachability reachability = new CassandraReachability();
    OutageHoldingThrottler throttler = new OutageHoldingThrottler(reachability, 10);
    Node a = node("a");
    reachability.nodeUp(a);
    reachability.nodeDown(a);
    assertTrue(reachability.unreachable());
    Request first = new Request();
    Request second = new Request();
    throttler.register(first);
    throttler.register(second);
    assertEquals(List.of(), first.told);
    assertEquals(2, throttler.heldCount());

    reachability.nodeUp(a);
    assertFalse(reachability.unreachable());
    assertEquals(List.of("ready after a wait"), first.told);
    assertEquals(List.of("ready after a wait"), second.told);
    assertEquals(0, throttler.heldCount());
  }

  @Test
  public void aRequestThatTimesOutWhileWaitingIsForgottenAndNeverSent() {
    CassandraReachability reachability = new CassandraReachability();
    OutageHoldingThrottler throttler = new OutageHoldingThrottler(reachability, 10);
    Node a = node("a");
    reachability.nodeDown(a);
    Request timedOut = new Request();
    throttler.register(timedOut);
    throttler.signalTimeout(timedOut);
    reachability.nodeUp(a);
    assertEquals("a timed-out request must not be sent late", List.of(), timedOut.told);
  }

  @Test
  public void pastTheQueueBoundARequestFailsAtOnce() {
    CassandraReachability reachability = new CassandraReachability();
    OutageHoldingThrottler throttler = new OutageHoldingThrottler(reachability, 1);
    reachability.nodeDown(node("a"));
    Request held = new Request();
    Request refused = new Request();
    throttler.register(held);
    throttler.register(refused);
    assertEquals(List.of(), held.told);
    assertEquals(1, refused.told.size());
    assertTrue(refused.told.get(0), refused.told.get(0).startsWith("failed: Cassandra is unreachable"));
  }

  @Test
  public void closingFailsWhatIsWaiting() {
    CassandraReachability reachability = new CassandraReachability();
    OutageHoldingThrottler throttler = new OutageHoldingThrottler(reachability, 10);
    reachability.nodeDown(node("a"));
    Request waiting = new Request();
    throttler.register(waiting);
    throttler.close();
    assertEquals(List.of("failed: the session is closing"), waiting.told);
  }
}
