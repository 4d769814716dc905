package io.tally.ledger;

import io.tally.ledger.internal.Sha256;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * The per-entity hash chain: {@code hash = hex(SHA-256(bytes(prevHash) || CanonicalForm.of(e)))}
 * where bytes(prevHash) are the 32 bytes the 64-character lowercase hex denotes. The first event
 * of an entity has prevHash {@link #GENESIS}. Changing, removing, inserting or reordering any
 * event breaks every later link.
 */
public final class HashChain {

  /** prevHash of an entity's first event: 32 zero bytes. */
  public static final String GENESIS = "0".repeat(Sha256.BYTES * 2);

  private HashChain() {}

  public static String hash(String prevHash, LedgerEvent event) {
    MessageDigest digest = Sha256.newDigest();
    digest.update(Sha256.unhex(prevHash));
    digest.update(CanonicalForm.of(event));
    return Sha256.hex(digest.digest());
  }

  /** The event linked after {@code prevHash}, with its hash computed. */
  @SuppressWarnings("unchecked")
  public static <E extends LedgerEvent> E seal(E event, String prevHash) {
    return (E) event.withChain(prevHash, hash(prevHash, event));
  }

  /**
   * Verifies events in journal order, starting after {@code prevHash} ({@link #GENESIS} for a
   * whole journal): each prevHash must equal the previous hash and each hash must recompute.
   */
  public static Verification verify(String prevHash, Iterable<? extends LedgerEvent> events) {
    String expectedPrev = prevHash;
    long index = 0;
    for (LedgerEvent event : events) {
      if (!Objects.equals(event.prevHash(), expectedPrev)) {
        return Verification.broken(index, expectedPrev, "prevHash does not match previous hash");
      }
      if (!hash(expectedPrev, event).equals(event.hash())) {
        return Verification.broken(index, expectedPrev, "hash does not match content");
      }
      expectedPrev = event.hash();
      index++;
    }
    return new Verification(true, index, -1, expectedPrev, "");
  }

  /**
   * Result of {@link #verify}: {@code brokenAt} is the 0-based index of the first bad event (-1
   * when intact); {@code lastHash} is the last verified hash.
   */
  public record Verification(
      boolean intact, long checked, long brokenAt, String lastHash, String problem) {

    static Verification broken(long index, String lastGood, String problem) {
      return new Verification(false, index, index, lastGood, problem);
    }
  }
}
