package io.tally.ledger;

import io.tally.ledger.internal.KeyFingerprint;
import java.util.Collection;

/**
 * The order-independent digest of the idempotency keys in a window: the sum, modulo 2^64 (plain
 * {@code long} overflow), of a 64-bit hash per key. Addition commutes, so any replay order gives
 * the same digest, and a retraction subtracts its target's hash exactly.
 *
 * <p>keyHash(k) = the first 8 bytes, big-endian, of SHA-256 over the UTF-8 bytes of k.
 */
public final class WindowDigest {

  private WindowDigest() {}

  public static long keyHash(String idempotencyKey) {
    return KeyFingerprint.of(idempotencyKey).hi();
  }

  public static long add(long digest, String idempotencyKey) {
    return digest + keyHash(idempotencyKey);
  }

  public static long remove(long digest, String idempotencyKey) {
    return digest - keyHash(idempotencyKey);
  }

  public static long of(Collection<String> idempotencyKeys) {
    long digest = 0;
    for (String key : idempotencyKeys) {
      digest = add(digest, key);
    }
    return digest;
  }
}
