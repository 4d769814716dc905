package io.tally.projections.drift;

import akka.Done;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The write side's own record of which entities took events, and when (by ingest time, in
 * buckets): what a detector run considers, so that its cost follows recent activity rather than
 * every entity ever written, and no entity without recent events is woken to be asked.
 */
public interface EntityActivity {

  /** Notes that the entity is taking events now; completes before they are sent to it. */
  CompletionStage<Done> record(String entityKey);

  /** Every entity that took events at or after {@code since} (and possibly up to two buckets before). */
  CompletionStage<List<String>> activeSince(Instant since);
}
