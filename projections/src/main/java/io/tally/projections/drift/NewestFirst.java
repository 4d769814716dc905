package io.tally.projections.drift;

import java.util.Comparator;
import java.util.UUID;

/**
 * The order of the record lists: time-based ids, newest first, ties broken by the rest of the id
 * (as Cassandra orders a timeuuid clustering column), so that a page ending at an id says exactly
 * where the next one starts.
 */
public final class NewestFirst {

  public static final Comparator<UUID> IDS =
      Comparator.comparingLong(UUID::timestamp).thenComparingLong(UUID::getLeastSignificantBits).reversed();

  private NewestFirst() {}

  /** True when {@code id} comes after {@code after} in the list, i.e. is older. */
  public static boolean isAfter(UUID id, UUID after) {
    return IDS.compare(id, after) > 0;
  }
}
