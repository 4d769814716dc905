package io.tally.ledger.journal;

/**
 * Entity keys from {@code fromKey} (inclusive) to {@code toKey} (exclusive), in string order; null
 * means unbounded on that side.
 */
public record KeyRange(String fromKey, String toKey) {

  public static final KeyRange ALL = new KeyRange(null, null);

  public KeyRange {
    if (fromKey != null && toKey != null && fromKey.compareTo(toKey) >= 0) {
      throw new IllegalArgumentException("fromKey must sort before toKey");
    }
  }

  public boolean includes(String key) {
    return (fromKey == null || key.compareTo(fromKey) >= 0) && (toKey == null || key.compareTo(toKey) < 0);
  }
}
