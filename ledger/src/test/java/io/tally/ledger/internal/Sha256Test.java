package io.tally.ledger.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.Test;

/** Digests cloned from one prototype: correct, and independent of each other. */
public class Sha256Test {

  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  public void aDigestHashesAsSha256() {
    assertEquals(ABC, Sha256.hex(Sha256.of("abc".getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  public void digestsAreFreshAndIndependent() {
    MessageDigest first = Sha256.newDigest();
    MessageDigest second = Sha256.newDigest();
    assertNotSame(first, second);
    first.update("ab".getBytes(StandardCharsets.US_ASCII));
    second.update("abc".getBytes(StandardCharsets.US_ASCII));
    first.update("c".getBytes(StandardCharsets.US_ASCII));
    assertEquals(ABC, Sha256.hex(first.digest()));
    assertEquals(ABC, Sha256.hex(second.digest()));
    assertEquals(ABC, Sha256.hex(Sha256.newDigest().digest("abc".getBytes(StandardCharsets.US_ASCII))));
  }
}
