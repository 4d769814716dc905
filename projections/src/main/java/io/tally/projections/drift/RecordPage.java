package io.tally.projections.drift;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * One page of discrepancy or repair records, newest first.
 *
 * @param next the id of the page's last record when older records follow (pass it as the next
 *     page's {@code after}); empty on the last page
 */
public record RecordPage<T>(List<T> items, Optional<UUID> next) {

  public RecordPage {
    items = List.copyOf(items);
  }

  /** The page of {@code limit} records from {@code fetched}, read with one record more to learn whether more follow. */
  static <T> RecordPage<T> of(List<T> fetched, int limit, Function<T, UUID> id) {
    if (fetched.size() <= limit) {
      return new RecordPage<>(fetched, Optional.empty());
    }
    List<T> page = fetched.subList(0, limit);
    return new RecordPage<>(page, Optional.of(id.apply(page.get(limit - 1))));
  }
}
