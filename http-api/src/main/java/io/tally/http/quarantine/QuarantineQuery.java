package io.tally.http.quarantine;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A list request. Time bounds are on {@code quarantinedAt}, at millisecond precision; the store
 * never reads further back than its retention nor past now.
 *
 * @param from inclusive lower bound
 * @param to exclusive upper bound
 * @param cursor the previous page's {@link QuarantinePage#next}: only entries older than it
 * @param limit at most this many entries
 */
public record QuarantineQuery(
    Optional<String> entity,
    Optional<String> reason,
    Optional<QuarantineStatus> status,
    Optional<Instant> from,
    Optional<Instant> to,
    Optional<UUID> cursor,
    int limit) {

  public QuarantineQuery {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
  }

  /** Whether the query filters on what only the rows hold (so a page may need many rows read). */
  public boolean filtersRows() {
    return reason.isPresent() || status.isPresent();
  }

  /** The filters other than time: entity, reason, status. */
  public boolean matches(QuarantineEntry entry) {
    return entity.map(e -> entry.entityKey().filter(e::equals).isPresent()).orElse(true)
        && reason.map(entry.reason()::equals).orElse(true)
        && status.map(s -> entry.status() == s).orElse(true);
  }
}
