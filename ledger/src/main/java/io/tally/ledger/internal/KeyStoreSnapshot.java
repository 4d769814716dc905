package io.tally.ledger.internal;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The serialized form of a {@link CompactKeyStore}: {@code entries} holds the occupied slots only,
 * {@value CompactKeyStore#SLOT_LONGS} big-endian longs (48 bytes) per key, independent of table
 * capacity; {@code largeAmounts} holds the rare amounts whose unscaled value does not fit 63 bits,
 * by seqNr. In CBOR the byte array is one binary string, so a snapshot costs about 48 bytes per
 * retained key.
 */
public record KeyStoreSnapshot(
    int formatVersion, long size, byte[] entries, Map<Long, BigDecimal> largeAmounts) {

  public KeyStoreSnapshot {
    largeAmounts = largeAmounts == null ? Map.of() : Map.copyOf(largeAmounts);
  }
}
