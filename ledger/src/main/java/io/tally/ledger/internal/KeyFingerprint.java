package io.tally.ledger.internal;

import java.nio.charset.StandardCharsets;

/**
 * 128 bits identifying an idempotency key: the first 16 bytes of SHA-256 over its UTF-8 bytes.
 *
 * <p>Why 128 bits are enough: SHA-256 output bits are indistinguishable from uniform, so among n
 * distinct keys of one entity the chance that any two share a fingerprint is at most n^2 / 2^129:
 * about 1.5e-21 for a billion keys. A collision would turn a new event into a false duplicate or
 * conflict, so this is the whole error budget, far below hardware error rates.
 */
public record KeyFingerprint(long hi, long lo) {

  public static KeyFingerprint of(String idempotencyKey) {
    byte[] digest = Sha256.of(idempotencyKey.getBytes(StandardCharsets.UTF_8));
    return new KeyFingerprint(Sha256.longAt(digest, 0), Sha256.longAt(digest, Long.BYTES));
  }
}
