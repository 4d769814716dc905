package io.tally.ledger.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable view of a base index plus the keys a batch added so far. Planning a batch extends
 * it once per accepted event, so it must be cheap: views share one append-only log and each sees
 * only its first {@code length} entries. Extending the newest view appends in place (no older
 * view can see the new entry); extending an older view copies its prefix first. Each log entry
 * links to the previous entry for the same key, so a view finds the version it can see.
 */
final class BatchKeyIndex implements KeyIndex {

  private static final int NONE = -1;

  private final KeyIndex base;
  private final Log log;
  private final int length;
  private final long size;

  BatchKeyIndex(KeyIndex base) {
    this(base, new Log(), 0, base.size());
  }

  private BatchKeyIndex(KeyIndex base, Log log, int length, long size) {
    this.base = base;
    this.log = log;
    this.length = length;
    this.size = size;
  }

  @Override
  public Optional<KeyEntry> find(KeyFingerprint key) {
    int index = log.latest.getOrDefault(key, NONE);
    // Bounded: each step moves to a strictly smaller index.
    while (index >= length) {
      index = log.previous.get(index);
    }
    return index == NONE ? base.find(key) : Optional.of(log.entries.get(index));
  }

  @Override
  public KeyIndex with(KeyFingerprint key, KeyEntry entry) {
    boolean added = find(key).isEmpty();
    Log target = length == log.entries.size() ? log : log.prefix(length);
    target.append(key, entry);
    return new BatchKeyIndex(base, target, length + 1, added ? size + 1 : size);
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public KeyIndex fork() {
    return this;
  }

  private static final class Log {
    final List<KeyFingerprint> keys = new ArrayList<>();
    final List<KeyEntry> entries = new ArrayList<>();
    final List<Integer> previous = new ArrayList<>();
    final Map<KeyFingerprint, Integer> latest = new HashMap<>();

    void append(KeyFingerprint key, KeyEntry entry) {
      previous.add(latest.getOrDefault(key, NONE));
      latest.put(key, entries.size());
      keys.add(key);
      entries.add(entry);
    }

    Log prefix(int length) {
      Log copy = new Log();
      for (int i = 0; i < length; i++) {
        copy.append(keys.get(i), entries.get(i));
      }
      return copy;
    }
  }
}
