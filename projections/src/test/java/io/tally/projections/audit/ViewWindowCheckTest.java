package io.tally.projections.audit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.tally.ledger.EventTimeWindows;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.Slices;
import io.tally.ledger.WindowAggregate;
import io.tally.projections.window.InMemoryWindowViewRepository;
import io.tally.projections.window.WindowValues;
import io.tally.projections.window.WindowView;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

public class ViewWindowCheckTest {

  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  private static final String KEY = "acc-1";
  private final LedgerSettings settings = LedgerSettings.create(ConfigFactory.load());
  private final InMemoryWindowViewRepository views = new InMemoryWindowViewRepository();
  private final ViewWindowCheck check = new ViewWindowCheck(views, EventTimeWindows.of(settings),
      settings.slices(), Duration.ofSeconds(30), Clock.fixed(NOW, ZoneOffset.UTC));

  private static WindowAggregate aggregate(Instant start, String sum) {
    return new WindowAggregate(start, 2, new BigDecimal(sum), 42L, 0, 0);
  }

  private void view(WindowAggregate a) {
    views.put(new WindowView(KEY, Slices.of(KEY, settings.slices()), a.windowStart(), WindowValues.of(a), 2, 1, NOW));
  }

  private List<Finding> run(List<WindowAggregate> recomputed) throws Exception {
    return check.check(KEY, recomputed).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  public void matchingClosedWindowsAreClean() throws Exception {
    WindowAggregate closed = aggregate(NOW.minus(Duration.ofMinutes(10)), "3.50");
    view(closed);
    assertEquals(List.of(), run(List.of(closed)));
  }

  @Test
  public void missingAndAlteredViewsAreFindings() throws Exception {
    WindowAggregate missing = aggregate(NOW.minus(Duration.ofMinutes(10)), "1");
    WindowAggregate altered = aggregate(NOW.minus(Duration.ofMinutes(9)), "2");
    view(aggregate(altered.windowStart(), "2.01"));
    List<Finding> findings = run(List.of(missing, altered));
    assertEquals(2, findings.size());
    assertTrue(findings.stream().allMatch(f -> f.kind().equals(BreakKind.VIEW_MISMATCH.wireName())));
    assertTrue(findings.get(0).detail().contains("missing"));
  }

  @Test
  public void windowsNotYetClosedAndSettledAreNotCompared() throws Exception {
    // Closes at windowEnd + allowed-lateness, i.e. less than settle-time before NOW.
    WindowAggregate open = aggregate(NOW.minus(Duration.ofMinutes(1)), "9");
    assertEquals(List.of(), run(List.of(open)));
  }
}
