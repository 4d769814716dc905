package io.tally.projections.window;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.projection.eventsourced.EventEnvelope;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import io.tally.ledger.EventTimeWindows;
import io.tally.ledger.LedgerEvent;
import io.tally.projections.ProjectionSettings;
import io.tally.ledger.journal.JournalEntry;
import io.tally.ledger.journal.JournalReader;
import io.tally.projections.metrics.TallyMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of a slice's window views. The slice's projection instance (one per slice in
 * the cluster, a ShardedDaemonProcess) feeds it groups of envelopes, and repairs for the slice
 * are sent to it; both run one after another on a serial chain, so no write can overwrite
 * another and rows are written plainly, without compare-and-set.
 *
 * <p>A group costs one read per open window the writer does not hold yet (its whole partition,
 * kept in {@link OpenWindowRows}), one read per closed window it touches (only the touched rows),
 * and one single-partition batch per partition it changes. Redelivered events are skipped by
 * each row's lastSeqNr.
 *
 * <p>Gaps: an envelope whose seqNr skips past the entity's last delivered one (an eventsByTag
 * miss) makes the writer read the skipped events from the journal by persistence id and apply
 * them first, so a row never advances past a gap it could see. What it cannot see — a miss at an
 * entity's tail, or just before the first event seen of an entity with no row in the touched
 * windows — is the drift detector's to find.
 */
public final class SliceWriter {

  private static final Logger log = LoggerFactory.getLogger(SliceWriter.class);

  private final int slice;
  private final WindowViewRepository repository;
  private final JournalReader journal;
  private final EventTimeWindows windows;
  private final TallyMetrics metrics;
  private final Clock clock;
  private final ProjectionSettings.Writer settings;
  private final ActorSystem<?> system;
  private final OpenWindowRows open;
  private final EntityProgress progress;
  private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

  public SliceWriter(int slice, WindowViewRepository repository, JournalReader journal, EventTimeWindows windows,
      TallyMetrics metrics, Clock clock, ProjectionSettings.Writer settings, ActorSystem<?> system) {
    this.slice = slice;
    this.repository = repository;
    this.journal = journal;
    this.windows = windows;
    this.metrics = metrics;
    this.clock = clock;
    this.settings = settings;
    this.system = system;
    this.open = new OpenWindowRows(settings.openWindows(), settings.openRows());
    this.progress = new EntityProgress(settings.trackedEntities());
    metrics.sliceStarted(slice);
  }

  public int slice() {
    return slice;
  }

  /** Forgets what it holds (a new projection run reads rows and progress from the store again). */
  public CompletionStage<Done> reset() {
    return serially(() -> {
      open.clear();
      progress.clear();
      return CompletableFuture.completedFuture(Done.getInstance());
    });
  }

  /** Folds one group of envelopes (in stream order) into the slice's rows and writes them. */
  public CompletionStage<Done> apply(List<EventEnvelope<LedgerEvent>> envelopes) {
    List<JournalEntry> delivered = envelopes.stream()
        .map(e -> new JournalEntry(e.sequenceNr(), e.event())).toList();
    return serially(() -> fold(delivered)).thenApply(done -> {
      Instant now = clock.instant();
      Duration last = Duration.ZERO;
      for (EventEnvelope<LedgerEvent> envelope : envelopes) {
        last = Duration.between(Instant.ofEpochMilli(envelope.timestamp()), now);
        metrics.lag(slice, last);
      }
      metrics.projected(slice, done.applied(), done.skipped(), last);
      metrics.advanced(slice, now);
      return Done.getInstance();
    });
  }

  /**
   * Applies a row rebuilt from the journal, unless the projection has already applied events the
   * replay did not see ({@link RowRepairResult.Stale}: replay again). The row and its correction
   * are written together; the correction's "before" is the row as it was stored.
   */
  public CompletionStage<RowRepairResult> repair(RowRepair repair) {
    WindowKey key = repair.key();
    return serially(() -> repository.find(slice, key).thenCompose(stored -> {
      // What this writer has applied to the row: its held copy when it has one (the stored row may
      // have been changed behind its back), else the stored row.
      long applied = open.get(key).or(() -> stored).map(WindowView::lastSeqNr).orElse(0L);
      // An entity with no events at all (rebuiltUpTo 0) has nothing the projection could add.
      if (repair.rebuiltUpTo() > 0 && applied > repair.rebuiltUpTo()) {
        return CompletableFuture.completedFuture((RowRepairResult) new RowRepairResult.Stale(applied));
      }
      if (Objects.equals(stored.map(WindowView::values), repair.rebuilt())) {
        stored.ifPresentOrElse(open::put, () -> open.remove(key));
        return CompletableFuture.completedFuture((RowRepairResult) new RowRepairResult.Unchanged(stored));
      }
      Instant now = clock.instant();
      long version = 1 + Math.max(stored.map(WindowView::version).orElse(0L),
          open.get(key).map(WindowView::version).orElse(0L));
      Optional<WindowView> after = repair.rebuilt().map(values ->
          new WindowView(key.entityKey(), slice, key.windowStart(), values, repair.rebuiltUpTo(), version, now));
      List<WindowCorrection> restatement = after.map(a -> List.of(new WindowCorrection(key.entityKey(),
          key.windowStart(), a.version(), stored.map(WindowView::values).orElse(WindowValues.EMPTY), a.values(),
          repair.rebuiltUpTo(), "repair", now))).orElse(List.of());
      return repository.write(List.of(new RowChange(key, slice, after, restatement))).thenApply(written -> {
        after.ifPresentOrElse(open::put, () -> open.remove(key));
        return (RowRepairResult) new RowRepairResult.Applied(stored, after);
      });
    }));
  }

  /** Counts of one group, for the metrics. */
  private record Folded(long applied, long skipped) {}

  /** One gap of one entity: the seqNrs eventsByTag skipped before a delivered envelope. */
  private record Gap(String entityKey, long from, long to) {
    long size() {
      return to - from + 1;
    }
  }

  private CompletionStage<Folded> fold(List<JournalEntry> delivered) {
    Instant now = clock.instant();
    open.dropIf(w -> !windows.closesAt(w).isAfter(now));
    Map<WindowKey, WindowView> rows = new HashMap<>();
    return load(keysOf(delivered), rows, now).thenCompose(loaded -> {
      List<Gap> gaps = gaps(delivered, rows);
      return fill(gaps).thenCompose(read -> load(keysOf(read), rows, now).thenCompose(more -> {
        long filled = filled(read, delivered, rows);
        List<JournalEntry> all = new ArrayList<>(read);
        all.addAll(delivered);
        return write(all, rows, now).thenApply(folded -> {
          if (filled > 0) {
            metrics.gapsFilled(slice, filled);
            log.info("Slice {}: {} events eventsByTag skipped were read from the journal and applied", slice, filled);
          }
          return folded;
        });
      }));
    });
  }

  /** How many of the events read from the journal no row has yet and the stream did not deliver. */
  private static long filled(List<JournalEntry> read, List<JournalEntry> delivered, Map<WindowKey, WindowView> rows) {
    Set<Map.Entry<String, Long>> streamed = new HashSet<>();
    delivered.forEach(d -> streamed.add(Map.entry(d.event().entityKey(), d.seqNr())));
    return read.stream()
        .filter(e -> !streamed.contains(Map.entry(e.event().entityKey(), e.seqNr())))
        .filter(e -> WindowChange.of(e.event(), e.seqNr()).map(c -> rows.get(c.key()).lastSeqNr() < e.seqNr()).orElse(false))
        .count();
  }

  private static Set<WindowKey> keysOf(List<JournalEntry> entries) {
    Set<WindowKey> keys = new HashSet<>();
    for (JournalEntry e : entries) {
      WindowChange.of(e.event(), e.seqNr()).ifPresent(c -> keys.add(c.key()));
    }
    return keys;
  }

  /**
   * Puts the current row of every key into {@code rows} (an empty row where none is stored). Open windows
   * come from the held partitions (read whole on first touch); closed ones read only their keys.
   */
  private CompletionStage<Done> load(Set<WindowKey> keys, Map<WindowKey, WindowView> rows, Instant now) {
    Map<Instant, List<String>> byWindow = new LinkedHashMap<>();
    for (WindowKey k : keys) {
      if (!rows.containsKey(k)) {
        byWindow.computeIfAbsent(k.windowStart(), w -> new ArrayList<>()).add(k.entityKey());
      }
    }
    List<CompletableFuture<Map.Entry<Instant, List<WindowView>>>> reads = new ArrayList<>();
    for (Map.Entry<Instant, List<String>> w : byWindow.entrySet()) {
      Instant start = w.getKey();
      CompletionStage<List<WindowView>> read;
      if (open.holds(start)) {
        read = CompletableFuture.completedFuture(List.of());
      } else if (windows.closesAt(start).isAfter(now) && open.worthReadingWhole(start)) {
        read = repository.slice(slice, start);
      } else {
        read = repository.rows(slice, start, w.getValue());
      }
      reads.add(read.thenApply(found -> Map.entry(start, found)).toCompletableFuture());
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
      for (CompletableFuture<Map.Entry<Instant, List<WindowView>>> read : reads) {
        Map.Entry<Instant, List<WindowView>> r = read.join();
        if (windows.closesAt(r.getKey()).isAfter(now) && !open.holds(r.getKey())) {
          open.load(r.getKey(), r.getValue());
        }
        r.getValue().forEach(v -> rows.put(v.key(), v));
      }
      for (WindowKey k : keys) {
        open.get(k).ifPresent(v -> rows.put(k, v));
        rows.putIfAbsent(k, WindowView.empty(k.entityKey(), slice, k.windowStart()));
      }
      return Done.getInstance();
    });
  }

  /**
   * The seqNr ranges to read from the journal before applying the group. For an entity whose last
   * delivered seqNr is known, the ones the stream skipped. For one it does not know yet (after a
   * restart, or forgotten), the first-sight-lookback events before its first delivered one (less
   * what its held rows show applied): what was missed just before a restart is found too, and
   * the row guards skip what was applied.
   */
  private List<Gap> gaps(List<JournalEntry> delivered, Map<WindowKey, WindowView> rows) {
    Map<String, Long> last = new HashMap<>();
    List<Gap> gaps = new ArrayList<>();
    // The group's rows by entity, once: looking each unknown entity up in them is then O(1).
    Map<String, Long> appliedInGroupRows = new HashMap<>();
    rows.values().forEach(r -> appliedInGroupRows.merge(r.entityKey(), r.lastSeqNr(), Math::max));
    for (JournalEntry e : delivered) {
      String entity = e.event().entityKey();
      Long known = last.get(entity);
      if (known == null) {
        OptionalLong seen = progress.of(entity);
        if (seen.isPresent()) {
          known = seen.getAsLong();
        } else {
          long applied = Math.max(open.lastSeqNrOf(entity), appliedInGroupRows.getOrDefault(entity, 0L));
          long from = Math.max(1, Math.max(applied + 1, e.seqNr() - settings.firstSightLookback()));
          if (from < e.seqNr()) {
            gaps.add(new Gap(entity, from, e.seqNr() - 1));
          }
          known = e.seqNr() - 1;
        }
      }
      if (e.seqNr() > known + 1) {
        gaps.add(new Gap(entity, known + 1, e.seqNr() - 1));
      }
      last.put(entity, Math.max(known, e.seqNr()));
    }
    long total = gaps.stream().mapToLong(Gap::size).sum();
    if (total > settings.maxGapEvents()) {
      log.warn("Slice {}: {} events to read from the journal for one group, more than max-gap-events {};"
          + " not read, the drift detector will repair their windows", slice, total, settings.maxGapEvents());
      metrics.gapsUnfilled(slice, total);
      return List.of();
    }
    return gaps;
  }

  private CompletionStage<List<JournalEntry>> fill(List<Gap> gaps) {
    if (gaps.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return Source.from(gaps)
        .flatMapMerge(settings.gapReadParallelism(), g -> journal.events(g.entityKey(), g.from(), g.to()))
        .runWith(Sink.seq(), system);
  }

  private CompletionStage<Folded> write(List<JournalEntry> entries, Map<WindowKey, WindowView> rows, Instant now) {
    Map<WindowKey, List<WindowChange>> byRow = new LinkedHashMap<>();
    for (JournalEntry e : entries) {
      WindowChange.of(e.event(), e.seqNr()).ifPresent(c -> byRow.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c));
    }
    List<RowChange> changes = new ArrayList<>();
    List<WindowView> written = new ArrayList<>();
    long applied = 0;
    long skipped = 0;
    for (Map.Entry<WindowKey, List<WindowChange>> row : byRow.entrySet()) {
      List<WindowChange> ordered = row.getValue().stream().sorted(Comparator.comparingLong(WindowChange::seqNr)).toList();
      RowUpdate update = RowUpdate.of(rows.get(row.getKey()), ordered, now);
      applied += update.applied();
      skipped += update.skipped();
      if (update.applied() > 0) {
        changes.add(RowChange.upsert(update.next(), update.corrections()));
        written.add(update.next());
      }
    }
    long corrections = changes.stream().mapToLong(c -> c.corrections().size()).sum();
    Folded folded = new Folded(applied, skipped);
    return repository.write(changes).thenApply(done -> {
      // Only now: a failed write leaves the held rows and progress as they were, so the retried
      // group is folded again from the same starting point.
      written.forEach(open::put);
      entries.forEach(e -> progress.advance(e.event().entityKey(), e.seqNr()));
      metrics.corrected(slice, corrections);
      return folded;
    });
  }

  private synchronized <T> CompletionStage<T> serially(Supplier<CompletionStage<T>> step) {
    CompletableFuture<T> next = tail.handle((ignored, error) -> null)
        .thenCompose(ignored -> step.get())
        .toCompletableFuture();
    tail = next;
    return next;
  }
}
