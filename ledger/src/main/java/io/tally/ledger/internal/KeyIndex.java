package io.tally.ledger.internal;

import java.util.Optional;

/**
 * The set of used idempotency keys. {@link CompactKeyStore} is the committed index of the entity
 * state (updated in place by the event handler); {@link #fork()} gives an immutable view on top
 * of it for planning a batch, so a batch sees its own earlier events without touching the
 * committed index.
 */
public interface KeyIndex {

  Optional<KeyEntry> find(KeyFingerprint key);

  /**
   * The index with {@code entry} for {@code key} (added or replaced). Always use the returned
   * index: it may be a new object.
   */
  KeyIndex with(KeyFingerprint key, KeyEntry entry);

  long size();

  /** A purely functional view: {@code with} on it never changes this index. */
  KeyIndex fork();
}
