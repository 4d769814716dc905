package io.tally.http.quarantine;

import akka.Done;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Where rejected events are kept, with why and by whom, for the retention (docs/quarantine.md).
 * Entries are never deleted by Tally: they expire; a re-submitted one is marked resolved.
 */
public interface Quarantine {

  /** Completes once the entry is durably written (to every table that lists it). */
  CompletionStage<Done> put(QuarantineEntry entry);

  /** The entry, unless unknown or expired. */
  CompletionStage<Optional<QuarantineEntry>> get(UUID id);

  /** Newest first; see {@link QuarantineQuery} for the filters and {@link QuarantinePage} for paging. */
  CompletionStage<QuarantinePage> list(QuarantineQuery query);

  /** Marks an open entry resolved; an entry is resolved once. */
  CompletionStage<ResolveOutcome> resolve(UUID id, Resolution resolution);
}
