package io.tally.bench.hotpath;

import io.tally.ledger.internal.CompactKeyStore;
import io.tally.ledger.internal.EntryKind;
import io.tally.ledger.internal.KeyEntry;
import io.tally.ledger.internal.KeyFingerprint;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Dedupe lookups in an entity's committed key index: a retry of a known key (hit) and a new key
 * (miss), on fingerprints computed beforehand; and the fingerprint (SHA-256 of the key) itself.
 */
@State(Scope.Benchmark)
public class KeyIndexLookupBenchmark {

  /** Distinct keys the probes cycle through, so lookups are not all one cached slot. */
  private static final int PROBES = 1024;

  @Param("100000")
  public int keys;

  private CompactKeyStore store;
  private KeyFingerprint[] known;
  private KeyFingerprint[] unknown;
  private int next;

  @Setup
  public void setUp() {
    store = CompactKeyStore.EMPTY;
    Instant window = Instant.parse("2026-11-21T10:15:00Z");
    known = new KeyFingerprint[PROBES];
    for (int i = 0; i < keys; i++) {
      KeyFingerprint key = KeyFingerprint.of("payment-" + i);
      store = store.with(key, new KeyEntry(i + 1, i, EntryKind.RECORDED, BigDecimal.ONE, window, KeyEntry.NOT_RETRACTED));
      if (i < PROBES) {
        known[i] = key;
      }
    }
    unknown = new KeyFingerprint[PROBES];
    for (int i = 0; i < PROBES; i++) {
      unknown[i] = KeyFingerprint.of("never-used-" + i);
    }
  }

  @Benchmark
  public Optional<KeyEntry> lookupHit() {
    return store.find(known[next++ & (PROBES - 1)]);
  }

  @Benchmark
  public Optional<KeyEntry> lookupMiss() {
    return store.find(unknown[next++ & (PROBES - 1)]);
  }

  @Benchmark
  public KeyFingerprint fingerprint() {
    return KeyFingerprint.of("payment-" + (next++ & (PROBES - 1)));
  }
}
