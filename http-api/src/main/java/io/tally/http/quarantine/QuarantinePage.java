package io.tally.http.quarantine;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One page, newest first.
 *
 * @param next where the next page starts (its {@link QuarantineQuery#before}); absent when the
 *     range is exhausted. A page may be short, even empty, and still have a next one: a filtered
 *     read stops after {@code scan-max-rows} rows.
 */
public record QuarantinePage(List<QuarantineEntry> items, Optional<UUID> next) {

  public QuarantinePage {
    items = List.copyOf(items);
  }
}
