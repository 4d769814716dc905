package io.tally.ledger.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, which every Java SE platform must provide. */
public final class Sha256 {

  public static final int BYTES = 32;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Sha256() {}

  // Never updated, only cloned: getInstance looks the provider up on every call, which showed in a
  // profile of the audit's chain verification (a digest or more per event); a clone copies state.
  private static final MessageDigest PROTOTYPE = lookUp();

  /** A fresh digest (thread-confined, as every MessageDigest). */
  public static MessageDigest newDigest() {
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return lookUp();
    }
  }

  private static MessageDigest lookUp() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java SE specification", e);
    }
  }

  public static byte[] of(byte[] bytes) {
    return newDigest().digest(bytes);
  }

  public static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[bytes[i] & 0xF];
    }
    return new String(out);
  }

  public static byte[] unhex(String hex) {
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException("odd-length hex");
    }
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(hex.charAt(2 * i), 16);
      int lo = Character.digit(hex.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException("not hex: " + hex);
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  /** The first 8 bytes of a digest as a big-endian long. */
  public static long firstLong(byte[] digest) {
    return longAt(digest, 0);
  }

  public static long longAt(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      value = (value << Byte.SIZE) | (bytes[offset + i] & 0xFF);
    }
    return value;
  }
}
