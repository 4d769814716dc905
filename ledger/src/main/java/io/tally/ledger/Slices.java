package io.tally.ledger;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Which slice (and so which tag) an entity's events carry; the one helper the ledger and the
 * projections share.
 *
 * <p>slice = floorMod(entityKey.hashCode(), slices). {@link String#hashCode()} is specified by
 * the Java SE API ({@code s[0]*31^(n-1) + ... + s[n-1]} over UTF-16 code units, int arithmetic),
 * so the slice of a key never changes across JVMs, versions or nodes. The slice count is frozen
 * once data exists: changing it would move entities to other tags.
 */
public final class Slices {

  public static final String TAG_PREFIX = "slice-";

  private Slices() {}

  /** The slice of an entity, in [0, slices). */
  public static int of(String entityKey, int slices) {
    if (slices < 1) {
      throw new IllegalArgumentException("slices must be at least 1, was " + slices);
    }
    return Math.floorMod(entityKey.hashCode(), slices);
  }

  /** The tag of a slice: {@code slice-N}. */
  public static String tag(int slice) {
    return TAG_PREFIX + slice;
  }

  /** The tag every event of this entity carries. */
  public static String tagFor(String entityKey, int slices) {
    return tag(of(entityKey, slices));
  }

  /** All tags, in slice order: what the projections run one instance per. */
  public static List<String> allTags(int slices) {
    return IntStream.range(0, slices).mapToObj(Slices::tag).toList();
  }
}
