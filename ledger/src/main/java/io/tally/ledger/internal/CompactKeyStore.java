package io.tally.ledger.internal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every idempotency key an entity ever used, in an open-addressing hash table (linear probing)
 * over one primitive {@code long[]}: 6 longs (48 bytes) per slot, no object per key.
 *
 * <p>Why mutable: the set grows for the entity's whole life (dedupe is exact, docs/ledger.md) and an immutable copy per event would cost O(keys) per event. A mutable structure is
 * allowed where copy cost matters, on these terms:
 *
 * <ul>
 *   <li>Only the event handler updates it in place ({@link #with}). Command handlers plan on a
 *       {@link #fork()}, which never touches this table; replies carry copies, never the table.
 *   <li>The shared empty store ({@link #EMPTY}, capacity 0) is never written: its first {@code
 *       with} returns a new store. So an entity restarted after a failed write (Akka reuses its
 *       empty state) recovers into a fresh table.
 *   <li>Snapshots serialize it as bytes ({@link KeyStoreSnapshot}); Akka stashes commands while a
 *       snapshot is stored, so it does not change while being written.
 * </ul>
 *
 * <p>Slot layout: [0] key fingerprint high, [1] key fingerprint low ({@link KeyFingerprint}: the
 * collision argument is there), [2] content fingerprint, [3] meta (bits 0-47 seqNr, 48-50 kind,
 * 51 retracted, 52 large amount, 53-57 amount scale), [4] the amount's unscaled value, or the
 * retracting seqNr once retracted, [5] windowStart in epoch milliseconds. meta = 0 marks an empty
 * slot (seqNr is at least 1).
 *
 * <p>Memory: the load factor stays between {@link #MAX_LOAD}/{@link #GROWTH} and {@link #MAX_LOAD},
 * so the table costs 48/0.75 = 64 to 48/0.6 = 80 bytes per key; see BENCHMARKS.md.
 */
public final class CompactKeyStore implements KeyIndex {

  public static final int SLOT_LONGS = 6;
  /** The shared empty store; never written (see class comment). */
  public static final CompactKeyStore EMPTY = new CompactKeyStore(0);

  /** Small: most entities see few keys (a slot is 48 bytes). */
  public static final int INITIAL_CAPACITY = 4;
  /** Linear probing stays short (expected under 2.5 probes per hit) below this load. */
  public static final double MAX_LOAD = 0.75;
  /**
   * 1.25x growth keeps the load at least 0.6 right after growing (at most 80 bytes per key); the
   * price is more frequent rehashing, still O(1) amortized (each key is moved about 5 times).
   */
  public static final double GROWTH = 1.25;
  /** Load right after loading a snapshot: halfway between the bounds. */
  static final double RESTORED_LOAD = (MAX_LOAD + MAX_LOAD / GROWTH) / 2;
  static final int SNAPSHOT_FORMAT = 1;

  private static final int KEY_HI = 0;
  private static final int KEY_LO = 1;
  private static final int CONTENT = 2;
  private static final int META = 3;
  private static final int AMOUNT = 4;
  private static final int WINDOW = 5;

  private static final int SEQ_BITS = 48;
  static final long MAX_SEQ_NR = (1L << SEQ_BITS) - 1;
  private static final int KIND_SHIFT = SEQ_BITS;
  private static final long KIND_MASK = 0b111;
  private static final long RETRACTED_BIT = 1L << 51;
  private static final long LARGE_BIT = 1L << 52;
  private static final int SCALE_SHIFT = 53;
  private static final long SCALE_MASK = 0b11111;
  private static final int MAX_INLINE_UNSCALED_BITS = Long.SIZE - 1;
  private static final EntryKind[] KINDS = EntryKind.values();

  private long[] slots;
  private int capacity;
  private long size;
  /** Created on first use: almost no store ever needs it. */
  private Map<Long, BigDecimal> largeAmounts;

  private CompactKeyStore(int capacity) {
    this.capacity = capacity;
    this.slots = new long[Math.multiplyExact(capacity, SLOT_LONGS)];
  }

  @Override
  public Optional<KeyEntry> find(KeyFingerprint key) {
    int slot = slotOf(key);
    return slot < 0 || isEmpty(slot) ? Optional.empty() : Optional.of(decode(slot));
  }

  /** Adds or replaces in place; returns this, or a new store when this is {@link #EMPTY}. */
  @Override
  public CompactKeyStore with(KeyFingerprint key, KeyEntry entry) {
    CompactKeyStore target = capacity == 0 ? new CompactKeyStore(INITIAL_CAPACITY) : this;
    target.put(key, entry);
    return target;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public KeyIndex fork() {
    return new BatchKeyIndex(this);
  }

  /** Slots in the table (for tests and the memory benchmark). */
  int capacity() {
    return capacity;
  }

  private void put(KeyFingerprint key, KeyEntry entry) {
    if (entry.seqNr() < 1 || entry.seqNr() > MAX_SEQ_NR) {
      throw new IllegalStateException("seqNr out of the key store's range: " + entry.seqNr());
    }
    while (size + 1 > capacity * MAX_LOAD) {
      grow();
    }
    int slot = slotOf(key);
    if (isEmpty(slot)) {
      size++;
    } else {
      forgetLargeAmount(slot);
    }
    encode(slot, key, entry);
  }

  /** The slot holding key, or the empty slot where it would go; -1 if the table is empty. */
  private int slotOf(KeyFingerprint key) {
    if (capacity == 0) {
      return -1;
    }
    int slot = home(key.hi());
    // Bounded: the load factor guarantees an empty slot within capacity probes.
    for (int probes = 0; probes < capacity; probes++) {
      int base = slot * SLOT_LONGS;
      if (slots[base + META] == 0
          || (slots[base + KEY_HI] == key.hi() && slots[base + KEY_LO] == key.lo())) {
        return slot;
      }
      slot = slot + 1 == capacity ? 0 : slot + 1;
    }
    throw new IllegalStateException("key store is full; the load factor invariant is broken");
  }

  private int home(long hi) {
    return (int) Long.remainderUnsigned(hi, capacity);
  }

  private boolean isEmpty(int slot) {
    return slots[slot * SLOT_LONGS + META] == 0;
  }

  private void grow() {
    int newCapacity = Math.max(capacity + 1, (int) Math.ceil(capacity * GROWTH));
    long[] old = slots;
    int oldCapacity = capacity;
    slots = new long[Math.multiplyExact(newCapacity, SLOT_LONGS)];
    capacity = newCapacity;
    for (int slot = 0; slot < oldCapacity; slot++) {
      int base = slot * SLOT_LONGS;
      if (old[base + META] != 0) {
        insertRaw(old, base);
      }
    }
  }

  /** Copies one encoded slot into its place in this table (no size change). */
  private void insertRaw(long[] source, int sourceBase) {
    int slot = slotOf(new KeyFingerprint(source[sourceBase + KEY_HI], source[sourceBase + KEY_LO]));
    System.arraycopy(source, sourceBase, slots, slot * SLOT_LONGS, SLOT_LONGS);
  }

  private void encode(int slot, KeyFingerprint key, KeyEntry entry) {
    int base = slot * SLOT_LONGS;
    long meta = entry.seqNr() | ((long) entry.kind().ordinal() << KIND_SHIFT);
    long amountSlot;
    if (entry.retracted()) {
      meta |= RETRACTED_BIT;
      amountSlot = entry.retractedBy();
    } else if (fitsInline(entry.amount())) {
      meta |= (long) entry.amount().scale() << SCALE_SHIFT;
      amountSlot = entry.amount().unscaledValue().longValueExact();
    } else {
      meta |= LARGE_BIT;
      if (largeAmounts == null) {
        largeAmounts = new HashMap<>();
      }
      largeAmounts.put(entry.seqNr(), entry.amount());
      amountSlot = 0;
    }
    slots[base + KEY_HI] = key.hi();
    slots[base + KEY_LO] = key.lo();
    slots[base + CONTENT] = entry.contentFingerprint();
    slots[base + META] = meta;
    slots[base + AMOUNT] = amountSlot;
    slots[base + WINDOW] = entry.windowStart().toEpochMilli();
  }

  private static boolean fitsInline(BigDecimal amount) {
    return amount.scale() >= 0
        && amount.scale() <= SCALE_MASK
        && amount.unscaledValue().bitLength() <= MAX_INLINE_UNSCALED_BITS;
  }

  private void forgetLargeAmount(int slot) {
    long meta = slots[slot * SLOT_LONGS + META];
    if ((meta & LARGE_BIT) != 0) {
      largeAmounts.remove(meta & MAX_SEQ_NR);
    }
  }

  private KeyEntry decode(int slot) {
    int base = slot * SLOT_LONGS;
    long meta = slots[base + META];
    long seqNr = meta & MAX_SEQ_NR;
    EntryKind kind = KINDS[(int) ((meta >>> KIND_SHIFT) & KIND_MASK)];
    Instant window = Instant.ofEpochMilli(slots[base + WINDOW]);
    long content = slots[base + CONTENT];
    if ((meta & RETRACTED_BIT) != 0) {
      return new KeyEntry(seqNr, content, kind, BigDecimal.ZERO, window, slots[base + AMOUNT]);
    }
    BigDecimal amount = (meta & LARGE_BIT) != 0
        ? largeAmounts.get(seqNr)
        : BigDecimal.valueOf(slots[base + AMOUNT], (int) ((meta >>> SCALE_SHIFT) & SCALE_MASK));
    return new KeyEntry(seqNr, content, kind, amount, window, KeyEntry.NOT_RETRACTED);
  }

  // ---- snapshot form ----

  @JsonValue
  public KeyStoreSnapshot toSnapshot() {
    ByteBuffer packed = ByteBuffer.allocate(Math.toIntExact(size * SLOT_LONGS * Long.BYTES));
    for (int slot = 0; slot < capacity; slot++) {
      if (!isEmpty(slot)) {
        int base = slot * SLOT_LONGS;
        for (int i = 0; i < SLOT_LONGS; i++) {
          packed.putLong(slots[base + i]);
        }
      }
    }
    return new KeyStoreSnapshot(SNAPSHOT_FORMAT, size, packed.array(),
        largeAmounts == null ? Map.of() : largeAmounts);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static CompactKeyStore fromSnapshot(KeyStoreSnapshot snapshot) {
    if (snapshot.formatVersion() != SNAPSHOT_FORMAT) {
      throw new IllegalArgumentException("unknown key store format " + snapshot.formatVersion());
    }
    if (snapshot.size() == 0) {
      return EMPTY;
    }
    int capacity = Math.max(INITIAL_CAPACITY, (int) Math.ceil(snapshot.size() / RESTORED_LOAD));
    CompactKeyStore store = new CompactKeyStore(capacity);
    long[] slot = new long[SLOT_LONGS];
    ByteBuffer packed = ByteBuffer.wrap(snapshot.entries());
    for (long i = 0; i < snapshot.size(); i++) {
      for (int j = 0; j < SLOT_LONGS; j++) {
        slot[j] = packed.getLong();
      }
      store.insertRaw(slot, 0);
    }
    store.size = snapshot.size();
    if (!snapshot.largeAmounts().isEmpty()) {
      store.largeAmounts = new HashMap<>(snapshot.largeAmounts());
    }
    return store;
  }

  // ---- value semantics (state equality in tests and the serialization check) ----

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof CompactKeyStore that) || that.size != size) {
      return false;
    }
    long seen = 0;
    for (int slot = 0; slot < capacity; slot++) {
      if (!isEmpty(slot)) {
        seen++;
        int base = slot * SLOT_LONGS;
        KeyFingerprint key = new KeyFingerprint(slots[base + KEY_HI], slots[base + KEY_LO]);
        if (!that.find(key).equals(Optional.of(decode(slot)))) {
          return false;
        }
      }
    }
    // Counting occupied slots keeps equality symmetric even if a size field were wrong.
    return seen == size;
  }

  /** Order independent, so equal stores of different capacity hash alike. */
  @Override
  public int hashCode() {
    long sum = 0;
    for (int slot = 0; slot < capacity; slot++) {
      if (!isEmpty(slot)) {
        int base = slot * SLOT_LONGS;
        sum += slots[base + KEY_HI] ^ slots[base + META];
      }
    }
    return Long.hashCode(sum);
  }

  @Override
  public String toString() {
    return "CompactKeyStore(size=" + size + ", capacity=" + capacity + ")";
  }
}
