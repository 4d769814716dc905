package io.tally.projections.drift;

import io.tally.projections.window.WindowValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Compares one slice-window: digest first (one combined fingerprint per side), and only when
 * those differ, entity by entity.
 */
public final class WindowComparison {

  /** One entity whose view differs from the write side (empty = absent on that side). */
  public record Difference(String entityKey, DiscrepancyKind kind, Optional<WindowValues> expected,
      Optional<WindowValues> actual) {}

  private WindowComparison() {}

  /** Sum (mod 2^64) of the rows' fingerprints: equal row sets give equal combined digests. */
  public static long combined(Map<String, WindowValues> rows) {
    long sum = 0;
    for (Map.Entry<String, WindowValues> e : rows.entrySet()) {
      sum += e.getValue().fingerprint(e.getKey());
    }
    return sum;
  }

  public static boolean sameDigest(Map<String, WindowValues> expected, Map<String, WindowValues> actual) {
    return expected.size() == actual.size() && combined(expected) == combined(actual);
  }

  /** The bisection's last level: entity by entity. */
  public static List<Difference> differences(Map<String, WindowValues> expected, Map<String, WindowValues> actual) {
    List<Difference> out = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String key : keys) {
      WindowValues e = expected.get(key);
      WindowValues a = actual.get(key);
      if (a == null) {
        out.add(new Difference(key, DiscrepancyKind.MISSING, Optional.of(e), Optional.empty()));
      } else if (e == null) {
        out.add(new Difference(key, DiscrepancyKind.EXTRA, Optional.empty(), Optional.of(a)));
      } else if (!e.equals(a)) {
        out.add(new Difference(key, DiscrepancyKind.MISMATCH, Optional.of(e), Optional.of(a)));
      }
    }
    return out;
  }
}
