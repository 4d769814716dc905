package io.tally.ledger;

/**
 * The Unicode policy for keys and names that are not entity keys (idempotency keys, retraction
 * targets, sources, attribute names): any character except control characters (Cc), format
 * characters (Cf: bidi controls such as U+202E, zero-width characters such as U+200B and U+200D,
 * the BOM U+FEFF), unpaired surrogates and noncharacters (U+FFFE, U+FFFF, ...). Those make two keys
 * look the same while they differ, or one key display as another. Keys are not normalised: they are
 * compared code point by code point, so "é" precomposed (U+00E9) and decomposed (e + U+0301) are
 * two keys.
 */
public final class KeyCharacters {

  private KeyCharacters() {}

  public static boolean allowed(String value) {
    for (int i = 0; i < value.length(); ) {
      char c = value.charAt(i);
      if (Character.isLowSurrogate(c)
          || (Character.isHighSurrogate(c) && (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))))) {
        return false;
      }
      int codePoint = value.codePointAt(i);
      int type = Character.getType(codePoint);
      if (type == Character.CONTROL || type == Character.FORMAT || isNoncharacter(codePoint)) {
        return false;
      }
      i += Character.charCount(codePoint);
    }
    return true;
  }

  /** U+FDD0..U+FDEF and the last two code points of every plane. */
  private static boolean isNoncharacter(int codePoint) {
    return (codePoint >= 0xFDD0 && codePoint <= 0xFDEF) || (codePoint & 0xFFFE) == 0xFFFE;
  }
}
