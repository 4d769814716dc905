package io.tally.http.batch;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import io.tally.ledger.EventRecorded;
import io.tally.ledger.journal.JournalEntry;
import io.tally.ledger.journal.JournalReader;
import io.tally.ledger.journal.KeyRange;
import io.tally.ledger.journal.ScannedEntity;
import io.tally.ledger.journal.SourceRecords;
import io.tally.projections.metrics.TallyMetrics;
import io.tally.projections.statement.CheckpointStore;
import io.tally.projections.statement.ReconciledWindow;
import io.tally.projections.statement.ReconciliationCheckpoint;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compares a statement whose rows are kept ({@link StatementStore}) with the ledger, entity by
 * entity, {@code compare-parallelism} at once: first every entity of the statement against its
 * journal, then every entity of the journal with events of the statement's source in its period
 * that the statement does not name (all of theirs are missing in the statement). Differences are
 * kept up to {@code max-differences-kept}; all are counted. At the end the report is written and a
 * reconciliation checkpoint is left: the source, the period, the result, and per entity and window
 * the ledger's totals as compared, which audit runs check later.
 *
 * <p>A comparison that stops (the node stops) starts again from its beginning when the batch
 * resumes: its differences are cleared and written anew, so none is counted twice.
 */
final class StatementReconciler {

  private final StatementStore store;
  private final CheckpointStore checkpoints;
  private final JournalReader journal;
  private final BatchSettings.Statements settings;
  private final TallyMetrics metrics;
  private final ActorSystem<?> system;
  private final Clock clock;

  StatementReconciler(StatementStore store, CheckpointStore checkpoints, JournalReader journal,
      BatchSettings.Statements settings, TallyMetrics metrics, ActorSystem<?> system, Clock clock) {
    this.store = store;
    this.checkpoints = checkpoints;
    this.journal = journal;
    this.settings = settings;
    this.metrics = metrics;
    this.system = system;
    this.clock = clock;
  }

  /** What one comparison has found so far (updated by entities compared in parallel). */
  private final class Tally {
    private final Batch batch;
    private final StatementForm form;
    private final Map<DifferenceKind, AtomicLong> counts = new EnumMap<>(DifferenceKind.class);
    private final AtomicLong entities = new AtomicLong();
    private final AtomicLong windows = new AtomicLong();
    private final AtomicLong kept = new AtomicLong();
    private BigDecimal statementAmount = BigDecimal.ZERO;
    private BigDecimal ledgerAmount = BigDecimal.ZERO;

    Tally(Batch batch, StatementForm form) {
      this.batch = batch;
      this.form = form;
      for (DifferenceKind kind : DifferenceKind.values()) {
        counts.put(kind, new AtomicLong());
      }
    }

    /** Counts an entity's result and hands back the differences there is still room to keep. */
    synchronized List<StatementDifference> add(StatementComparison.EntityResult result) {
      entities.incrementAndGet();
      windows.addAndGet(result.windows().size());
      result.counts().forEach((kind, n) -> counts.get(kind).addAndGet(n));
      statementAmount = statementAmount.add(result.statementAmount());
      ledgerAmount = ledgerAmount.add(result.ledgerAmount());
      long room = Math.max(0, settings.maxDifferencesKept() - kept.get());
      List<StatementDifference> keep = result.differences().size() <= room ? result.differences()
          : result.differences().subList(0, (int) room);
      kept.addAndGet(keep.size());
      return keep;
    }

    synchronized StatementReport report(StatementReport.Phase phase, Optional<java.time.Instant> comparedAt) {
      Map<String, Long> byKind = new TreeMap<>();
      counts.forEach((kind, n) -> byKind.put(kind.wireName(), n.get()));
      return new StatementReport(batch.id(), form, phase, entities.get(), byKind, statementAmount, ledgerAmount,
          kept.get(), comparedAt);
    }
  }

  CompletionStage<StatementReport> compare(Batch batch, StatementForm form) {
    long started = System.nanoTime();
    Tally tally = new Tally(batch, form);
    return store.clearDifferences(batch.id())
        .thenCompose(ignored -> store.saveReport(tally.report(StatementReport.Phase.COMPARING, Optional.empty())))
        .thenCompose(ignored -> store.entities(batch.id())
            .mapAsyncUnordered(settings.compareParallelism(), key -> statementEntity(tally, key))
            .grouped(settings.progressEveryEntities())
            .mapAsync(1, ignoredGroup -> store.saveReport(tally.report(StatementReport.Phase.COMPARING,
                Optional.empty())))
            .runWith(Sink.ignore(), system))
        .thenCompose(ignored -> journal.entities(KeyRange.ALL)
            .mapAsyncUnordered(settings.compareParallelism(), scanned -> ledgerOnlyEntity(tally, scanned))
            .runWith(Sink.ignore(), system))
        .thenCompose(ignored -> {
          StatementReport done = tally.report(StatementReport.Phase.DONE, Optional.of(clock.instant()));
          ReconciliationCheckpoint checkpoint = new ReconciliationCheckpoint(batch.id(), batch.spec().source(),
              batch.spec().periodFrom(), batch.spec().periodTo(), form.wireName(), done.allCounts(),
              done.entitiesCompared(), tally.windows.get(), done.comparedAt().orElseThrow());
          return checkpoints.save(checkpoint).thenCompose(saved -> store.saveReport(done)).thenApply(saved -> {
            done.allCounts().forEach(metrics::statementDifferences);
            metrics.statementCompared(Duration.ofNanos(System.nanoTime() - started));
            return done;
          });
        });
  }

  /** One entity the statement names, against its whole journal. */
  private CompletionStage<Done> statementEntity(Tally tally, String entityKey) {
    return store.rows(tally.batch.id(), tally.form, entityKey)
        .thenCompose(rows -> journal.events(entityKey).runWith(Sink.seq(), system)
            .thenCompose(entries -> record(tally, entityKey, rows, entries)));
  }

  /**
   * One entity of the journal: compared only when it has events of the source in the period and
   * the statement does not name it (else it was compared from the statement's side).
   */
  private CompletionStage<Done> ledgerOnlyEntity(Tally tally, ScannedEntity scanned) {
    CompletionStage<List<JournalEntry>> whole = scanned.readOn()
        ? journal.events(scanned.entityKey(), scanned.nextSeqNr()).runWith(Sink.seq(), system).thenApply(rest -> {
          List<JournalEntry> all = new ArrayList<>(scanned.entries());
          all.addAll(rest);
          return all;
        })
        : CompletableFuture.completedFuture(scanned.entries());
    String source = tally.batch.spec().source();
    return whole.thenCompose(entries -> {
      boolean ofSource = entries.stream().anyMatch(e -> e.event() instanceof EventRecorded r
          && r.source().equals(source));
      if (!ofSource) {
        return CompletableFuture.completedFuture(Done.getInstance());
      }
      SourceRecords ledger = SourceRecords.of(entries, source, tally.batch.spec().periodFrom(),
          tally.batch.spec().periodTo());
      if (ledger.isEmpty()) {
        return CompletableFuture.completedFuture(Done.getInstance());
      }
      return store.holds(tally.batch.id(), scanned.entityKey()).thenCompose(held -> held
          ? CompletableFuture.completedFuture(Done.getInstance())
          : record(tally, scanned.entityKey(), List.of(), entries));
    });
  }

  private CompletionStage<Done> record(Tally tally, String entityKey, List<StatementRow> rows,
      List<JournalEntry> entries) {
    Batch batch = tally.batch;
    SourceRecords ledger = SourceRecords.of(entries, batch.spec().source(), batch.spec().periodFrom(),
        batch.spec().periodTo());
    StatementComparison.EntityResult result = StatementComparison.compare(tally.form, entityKey, rows, ledger);
    List<StatementDifference> keep = tally.add(result);
    List<ReconciledWindow> windows = result.windows().stream().map(w -> new ReconciledWindow(entityKey, batch.id(),
        batch.spec().source(), batch.spec().periodFrom(), batch.spec().periodTo(), w.windowStart(), w.count(),
        w.amount(), w.digest())).toList();
    return store.addDifferences(batch.id(), keep).thenCompose(ignored -> checkpoints.saveWindows(windows));
  }
}
