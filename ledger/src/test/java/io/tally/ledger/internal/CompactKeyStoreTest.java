package io.tally.ledger.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.Test;

public class CompactKeyStoreTest {

  private static final Instant WINDOW = Instant.parse("2024-05-01T12:00:00Z");
  private static final BigDecimal LARGE = new BigDecimal(
      BigInteger.TEN.pow(37).subtract(BigInteger.ONE), 18); // 37 nines: needs > 63 bits

  @Test
  public void theSharedEmptyStoreIsNeverWritten() {
    CompactKeyStore first = CompactKeyStore.EMPTY.with(key(1, 1), entry(1, "5"));

    assertNotSame(CompactKeyStore.EMPTY, first);
    assertEquals(0, CompactKeyStore.EMPTY.size());
    assertEquals(Optional.empty(), CompactKeyStore.EMPTY.find(key(1, 1)));
    assertSame(first, first.with(key(2, 2), entry(2, "6")));
  }

  @Test
  public void entriesOfEveryShapeRoundTrip() {
    List<KeyEntry> entries = List.of(
        entry(1, "12.50"),
        entry(2, "-0.000000000000000001"),
        entry(3, "123456789012345678"),
        new KeyEntry(4, -5L, EntryKind.RECORDED, LARGE, WINDOW, KeyEntry.NOT_RETRACTED),
        new KeyEntry(5, 6L, EntryKind.RETRACTION, BigDecimal.ZERO, WINDOW, 0),
        new KeyEntry(6, 7L, EntryKind.TOMBSTONE, BigDecimal.ZERO, WINDOW.minusSeconds(3600), 0),
        new KeyEntry(7, 8L, EntryKind.RESTORE, BigDecimal.ZERO, WINDOW, 0),
        entry(CompactKeyStore.MAX_SEQ_NR, "1").markRetracted(CompactKeyStore.MAX_SEQ_NR - 1));
    CompactKeyStore store = CompactKeyStore.EMPTY;
    for (int i = 0; i < entries.size(); i++) {
      store = store.with(key(i, i), entries.get(i));
    }

    for (int i = 0; i < entries.size(); i++) {
      assertEquals(Optional.of(entries.get(i)), store.find(key(i, i)));
    }
    assertEquals(entries.size(), store.size());
  }

  @Test
  public void replacingAnEntryKeepsTheSizeAndForgetsItsLargeAmount() {
    KeyEntry large = new KeyEntry(4, 1L, EntryKind.RECORDED, LARGE, WINDOW, 0);
    CompactKeyStore store = CompactKeyStore.EMPTY.with(key(1, 1), large);
    assertEquals(1, store.toSnapshot().largeAmounts().size());

    store = store.with(key(1, 1), large.markRetracted(9));

    assertEquals(1, store.size());
    assertEquals(Optional.of(large.markRetracted(9)), store.find(key(1, 1)));
    assertEquals(BigDecimal.ZERO, store.find(key(1, 1)).orElseThrow().amount());
    assertEquals(9, store.find(key(1, 1)).orElseThrow().retractedBy());
    assertTrue(store.toSnapshot().largeAmounts().isEmpty());
  }

  @Test
  public void growsGeometricallyKeepingTheLoadBetweenItsBounds() {
    CompactKeyStore store = CompactKeyStore.EMPTY;
    SplittableRandom random = new SplittableRandom(42);
    List<KeyFingerprint> keys = new ArrayList<>();
    int previousCapacity = 0;
    int growths = 0;
    for (int i = 1; i <= 20_000; i++) {
      KeyFingerprint key = new KeyFingerprint(random.nextLong(), random.nextLong());
      keys.add(key);
      store = store.with(key, entry(i, Integer.toString(i)));
      double load = (double) store.size() / store.capacity();
      assertTrue("load " + load, load <= CompactKeyStore.MAX_LOAD);
      if (store.capacity() != previousCapacity && previousCapacity >= 64) {
        growths++;
        assertEquals((int) Math.ceil(previousCapacity * CompactKeyStore.GROWTH), store.capacity());
        // MAX_LOAD / GROWTH = 0.6, less a little for rounding the capacity up.
        assertTrue("load after growth " + load, load >= 0.59);
      }
      previousCapacity = store.capacity();
    }
    assertTrue(growths > 10);
    for (int i = 0; i < keys.size(); i++) {
      assertEquals(i + 1, store.find(keys.get(i)).orElseThrow().seqNr());
    }
    assertEquals(Optional.empty(), store.find(new KeyFingerprint(1, 2)));
  }

  @Test
  public void keysCollidingOnTheSameSlotAreAllKeptThroughGrowth() {
    // Same high half: the same home slot at every capacity, so every insert probes the chain.
    CompactKeyStore store = CompactKeyStore.EMPTY;
    int n = 500;
    for (int i = 1; i <= n; i++) {
      store = store.with(new KeyFingerprint(7, i), entry(i, Integer.toString(i)));
    }
    store = store.with(new KeyFingerprint(7, 250), entry(250, "250").markRetracted(999));

    assertEquals(n, store.size());
    for (int i = 1; i <= n; i++) {
      KeyEntry found = store.find(new KeyFingerprint(7, i)).orElseThrow();
      assertEquals(i, found.seqNr());
      assertEquals(i == 250, found.retracted());
    }
    assertEquals(Optional.empty(), store.find(new KeyFingerprint(7, n + 1)));
  }

  @Test
  public void probingWrapsAroundTheEndOfTheTable() {
    // Six keys grow the table 4 -> 5 -> 7 -> 9; hi = 8 homes them all on the last slot.
    CompactKeyStore store = CompactKeyStore.EMPTY;
    for (int i = 1; i <= 6; i++) {
      store = store.with(new KeyFingerprint(8, i), entry(i, "1"));
    }

    assertEquals(9, store.capacity());
    for (int i = 1; i <= 6; i++) {
      assertEquals(i, store.find(new KeyFingerprint(8, i)).orElseThrow().seqNr());
    }
  }

  @Test
  public void snapshotRoundTripIsCompactAndEqual() {
    CompactKeyStore store = CompactKeyStore.EMPTY;
    for (int i = 1; i <= 1000; i++) {
      store = store.with(KeyFingerprint.of("key-" + i), entry(i, i + ".25"));
    }
    store = store.with(KeyFingerprint.of("large"),
        new KeyEntry(1001, 3L, EntryKind.RECORDED, LARGE, WINDOW, 0));

    KeyStoreSnapshot snapshot = store.toSnapshot();
    CompactKeyStore restored = CompactKeyStore.fromSnapshot(snapshot);

    assertEquals(1001 * CompactKeyStore.SLOT_LONGS * Long.BYTES, snapshot.entries().length);
    assertEquals(Map.of(1001L, LARGE), snapshot.largeAmounts());
    assertEquals(store, restored);
    assertEquals(restored, store);
    assertEquals(store.hashCode(), restored.hashCode());
    assertEquals(Optional.of(new KeyEntry(1001, 3L, EntryKind.RECORDED, LARGE, WINDOW, 0)),
        restored.find(KeyFingerprint.of("large")));
    assertSame(CompactKeyStore.EMPTY, CompactKeyStore.fromSnapshot(
        CompactKeyStore.EMPTY.toSnapshot()));
  }

  @Test(expected = IllegalArgumentException.class)
  public void unknownSnapshotFormatIsRefused() {
    CompactKeyStore.fromSnapshot(new KeyStoreSnapshot(99, 0, new byte[0], Map.of()));
  }

  @Test(expected = IllegalStateException.class)
  public void seqNrBeyondTheStoreRangeIsRefused() {
    CompactKeyStore.EMPTY.with(key(1, 1), entry(CompactKeyStore.MAX_SEQ_NR + 1, "1"));
  }

  @Test
  public void equalityIgnoresInsertionOrderAndCapacity() {
    CompactKeyStore a = CompactKeyStore.EMPTY;
    CompactKeyStore b = CompactKeyStore.EMPTY;
    for (int i = 1; i <= 100; i++) {
      a = a.with(key(i, i), entry(i, "1"));
      b = b.with(key(101 - i, 101 - i), entry(101 - i, "1"));
    }
    CompactKeyStore c = CompactKeyStore.fromSnapshot(a.toSnapshot());

    assertEquals(a, b);
    assertEquals(a, c);
    assertEquals(a.hashCode(), b.hashCode());
    assertTrue(!a.equals(b.with(key(1, 1), entry(1, "2"))));
  }

  @Test
  public void fingerprintsAreSha256Prefixes() {
    KeyFingerprint fp = KeyFingerprint.of("abc");
    // SHA-256("abc") = ba7816bf8f01cfea 414140de5dae2223 b00361a396177a9c b410ff61f20015ad
    assertEquals(0xba7816bf8f01cfeaL, fp.hi());
    assertEquals(0x414140de5dae2223L, fp.lo());
  }

  static KeyFingerprint key(long hi, long lo) {
    return new KeyFingerprint(hi, lo);
  }

  static KeyEntry entry(long seqNr, String amount) {
    return new KeyEntry(seqNr, seqNr * 31, EntryKind.RECORDED, new BigDecimal(amount), WINDOW,
        KeyEntry.NOT_RETRACTED);
  }
}
