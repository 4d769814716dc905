package io.tally.http.ingest;

import io.tally.ledger.EventBytes;
import io.tally.ledger.LedgerSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one entity's events, in order, into the commands sent to it: a command closes at
 * {@code max-batch-size} events, or before an event that would take its estimated size
 * ({@link EventBytes}) over {@code max-batch-bytes}. A command always holds at least one event.
 * Bounding commands in bytes keeps them within the cluster's large-message frame and their journal
 * batch under Cassandra's mutation limit, whatever the characters of the events.
 */
public final class EntityCommands {

  private final int maxEvents;
  private final long maxBytes;

  EntityCommands(int maxEvents, long maxBytes) {
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
  }

  public static EntityCommands of(LedgerSettings settings) {
    return new EntityCommands(settings.maxBatchSize(), settings.maxBatchBytes());
  }

  /** {@code events} must all be events to ingest (none rejected). */
  public List<List<SubmittedEvent>> split(List<SubmittedEvent> events) {
    List<List<SubmittedEvent>> commands = new ArrayList<>();
    int from = 0;
    long bytes = 0;
    for (int i = 0; i < events.size(); i++) {
      long size = EventBytes.estimate(events.get(i).event().orElseThrow());
      if (i > from && (i - from == maxEvents || bytes + size > maxBytes)) {
        commands.add(events.subList(from, i));
        from = i;
        bytes = 0;
      }
      bytes += size;
    }
    if (from < events.size()) {
      commands.add(events.subList(from, events.size()));
    }
    return commands;
  }
}
