package io.tally.http.quarantine;

import akka.Done;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** The quarantine in memory, for route tests; {@link #failing} makes every write fail. */
public final class InMemoryQuarantine implements Quarantine {

  /** Newest first, in the order of time-based ids (their 100 ns timestamps are unique per JVM). */
  private static final Comparator<QuarantineEntry> NEWEST_FIRST =
      Comparator.comparingLong((QuarantineEntry e) -> e.id().timestamp()).reversed();

  private final Map<UUID, QuarantineEntry> entries = new ConcurrentHashMap<>();
  private volatile boolean failing;

  public InMemoryQuarantine failing() {
    this.failing = true;
    return this;
  }

  /** Every entry, newest first. */
  public List<QuarantineEntry> entries() {
    return entries.values().stream().sorted(NEWEST_FIRST).toList();
  }

  @Override
  public CompletionStage<Done> put(QuarantineEntry entry) {
    if (failing) {
      return CompletableFuture.failedFuture(new IllegalStateException("the quarantine store is down"));
    }
    entries.put(entry.id(), entry);
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  @Override
  public CompletionStage<Optional<QuarantineEntry>> get(UUID id) {
    return CompletableFuture.completedFuture(Optional.ofNullable(entries.get(id)));
  }

  @Override
  public CompletionStage<QuarantinePage> list(QuarantineQuery query) {
    List<QuarantineEntry> matching = new ArrayList<>();
    for (QuarantineEntry e : entries()) {
      if (query.matches(e) && within(e, query)) {
        matching.add(e);
      }
    }
    List<QuarantineEntry> page = matching.subList(0, Math.min(query.limit(), matching.size()));
    Optional<UUID> next = matching.size() > page.size() ? Optional.of(page.get(page.size() - 1).id()) : Optional.empty();
    return CompletableFuture.completedFuture(new QuarantinePage(page, next));
  }

  @Override
  public synchronized CompletionStage<ResolveOutcome> resolve(UUID id, Resolution resolution) {
    QuarantineEntry entry = entries.get(id);
    if (entry == null) {
      return CompletableFuture.completedFuture(new ResolveOutcome.NotFound());
    }
    if (entry.resolution().isPresent()) {
      return CompletableFuture.completedFuture(new ResolveOutcome.AlreadyResolved(entry));
    }
    QuarantineEntry resolved = entry.resolved(resolution);
    entries.put(id, resolved);
    return CompletableFuture.completedFuture(new ResolveOutcome.Resolved(resolved));
  }

  private static boolean within(QuarantineEntry e, QuarantineQuery q) {
    Instant at = e.quarantinedAt();
    return q.from().map(f -> !at.isBefore(f.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))).orElse(true)
        && q.to().map(t -> at.isBefore(t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))).orElse(true)
        && q.cursor().map(c -> e.id().timestamp() < c.timestamp()).orElse(true);
  }
}
