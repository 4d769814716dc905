package io.tally.http.batch;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import akka.stream.ActorAttributes;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import io.tally.http.RequestId;
import io.tally.http.dto.EventResult;
import io.tally.http.dto.EventStatus;
import io.tally.http.ingest.PacedIngestion;
import io.tally.http.ingest.SubmittedEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.journal.JournalReader;
import io.tally.projections.statement.CheckpointStore;
import io.tally.ledger.ContractViolation;
import io.tally.projections.metrics.TallyMetrics;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs batch files on this node, {@code max-running} at once, the rest in line. A batch's rows are
 * read from its spooled file (on the blocking dispatcher) and taken {@code chunk-rows} at a time
 * through {@link PacedIngestion}; after each chunk its rejected rows and then its progress are
 * written, so the progress is a checkpoint: a batch that resumes (after a restart, or posted again
 * after it failed) reads past the rows up to its checkpoint line without sending them. Rows sent
 * after the checkpoint and before a crash are sent again and answered {@code duplicate}: each is in
 * the journal once. The file is removed when its batch is finished.
 */
public final class BatchRunner {

  private static final Logger log = LoggerFactory.getLogger(BatchRunner.class);
  private static final String WHOLE_ROW = "$";
  /** The outcome of a statement's row kept to be compared. */
  static final String STATEMENT_ROW_READ = "read";
  /** The text kept of a rejected row in the batch's own list (the quarantine keeps more). */
  private static final int REJECTED_RAW_BYTES = 4096;
  /** Reading a file blocks: its rows are read on Akka's blocking-IO dispatcher. */
  private static final String BLOCKING_DISPATCHER = "akka.actor.default-blocking-io-dispatcher";

  /** The rows/s of a batch running here, over its run so far. */
  private record Run(long startNanos, long rowsAtStart) {}

  private final BatchStore store;
  private final BatchSpool spool;
  private final PacedIngestion ingestion;
  private final BatchSettings settings;
  private final TallyMetrics metrics;
  private final ActorSystem<?> system;
  private final Clock clock;
  private final Deque<String> waiting = new ArrayDeque<>();
  private final Set<String> active = new HashSet<>();
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final Map<String, Batch> current = new ConcurrentHashMap<>();
  private final StatementStore statements;
  private final StatementRowReader statementRows;
  private final StatementReconciler reconciler;

  /**
   * @param statements where statements keep their rows, differences and reports
   * @param checkpoints where a compared statement leaves its reconciliation checkpoint
   * @param journal the ledger's journal, which statements are compared with
   */
  public BatchRunner(BatchStore store, BatchSpool spool, PacedIngestion ingestion, BatchSettings settings,
      StatementStore statements, CheckpointStore checkpoints, JournalReader journal, LedgerSettings ledger,
      TallyMetrics metrics, ActorSystem<?> system, Clock clock) {
    this.statements = statements;
    this.statementRows = new StatementRowReader(ingestion, new ObjectMapper(), ledger, REJECTED_RAW_BYTES);
    this.reconciler = new StatementReconciler(statements, checkpoints, journal, settings.statements(), metrics,
        system, clock);
    this.store = store;
    this.spool = spool;
    this.ingestion = ingestion;
    this.settings = settings;
    this.metrics = metrics;
    this.system = system;
    this.clock = clock;
  }

  /** Runs (or queues) the batch whose file is in the spool; nothing if it is already here. */
  public synchronized void submit(String id) {
    if (!active.contains(id) && !waiting.contains(id)) {
      waiting.add(id);
      startWaiting();
    }
  }

  /** Whether this node runs or queues the batch. */
  public synchronized boolean holds(String id) {
    return active.contains(id) || waiting.contains(id);
  }

  /** The batch as it runs here (newer than its last checkpoint in the store), if it does. */
  public Optional<Batch> live(String id) {
    return Optional.ofNullable(current.get(id));
  }

  /** Rows per second of a batch running here, since it started here. */
  public Optional<Double> rowsPerSecond(String id) {
    Run run = runs.get(id);
    Batch batch = current.get(id);
    if (run == null || batch == null) {
      return Optional.empty();
    }
    double seconds = (System.nanoTime() - run.startNanos) / 1e9;
    return Optional.of(seconds <= 0 ? 0 : (batch.progress().rows() - run.rowsAtStart) / seconds);
  }

  /**
   * At start-up: every batch whose file is in the spool and is not finished runs again from its
   * checkpoint; files of finished (or unknown) batches are removed.
   */
  public CompletionStage<Integer> resume() {
    CompletionStage<Integer> resumed = CompletableFuture.completedFuture(0);
    for (String id : spool.kept()) {
      resumed = resumed.thenCompose(n -> store.get(id).thenApply(batch -> {
        if (batch.isPresent() && !batch.get().status().finished()) {
          log.info("Batch {} resumes after line {}", id, batch.get().progress().checkpointLine());
          submit(id);
          return n + 1;
        }
        spool.remove(id);
        return n;
      }));
    }
    return resumed;
  }

  private synchronized void startWaiting() {
    while (active.size() < settings.maxRunning() && !waiting.isEmpty()) {
      String id = waiting.poll();
      active.add(id);
      store.get(id)
          .thenCompose(batch -> run(batch.orElseThrow(() -> new IllegalStateException("batch " + id + " is not stored"))))
          .whenComplete((batch, failure) -> {
            if (failure != null) {
              log.warn("Batch {} could not run: {}", id, failure.toString());
            }
            finished(id);
          });
    }
  }

  private synchronized void finished(String id) {
    active.remove(id);
    runs.remove(id);
    current.remove(id);
    startWaiting();
  }

  private CompletionStage<Batch> run(Batch queued) {
    long started = System.nanoTime();
    Batch running = queued.with(BatchStatus.RUNNING, queued.progress(), Optional.empty(), clock.instant());
    current.put(running.id(), running);
    runs.put(running.id(), new Run(started, running.progress().rows()));
    AtomicReference<BatchRows> opened = new AtomicReference<>();
    return store.update(running)
        .thenCompose(ignored -> formOf(running))
        .thenCompose(form -> CompletableFuture.supplyAsync(() -> open(running, form), blocking())
            .thenCompose(rows -> {
              opened.set(rows);
              return take(running, rows, form);
            })
            .thenCompose(read -> form.isEmpty() ? CompletableFuture.completedFuture(Done.getInstance())
                : reconciler.compare(current.get(running.id()), form.get()).thenApply(report -> Done.getInstance())))
        .handle((done, failure) -> {
          Optional.ofNullable(opened.get()).ifPresent(BatchRows::close);
          Batch last = current.getOrDefault(running.id(), running);
          return failure == null
              ? last.with(BatchStatus.DONE, last.progress(), Optional.empty(), clock.instant())
              : last.with(BatchStatus.FAILED, last.progress(), Optional.of(errorOf(failure)), clock.instant());
        })
        .thenCompose(end -> {
          if (end.status() == BatchStatus.FAILED && shuttingDown()) {
            // Stopped with the node (a rolling update): it stays running in the store and keeps its
            // file, so the node resumes it from its checkpoint when it starts again.
            log.info("Batch {} stops with the node after line {}; it resumes when the node starts again",
                end.id(), end.progress().checkpointLine());
            return CompletableFuture.completedFuture(end);
          }
          return finish(end, started);
        });
  }

  private CompletionStage<Batch> finish(Batch end, long started) {
    return store.update(end).thenApply(ignored -> {
      spool.remove(end.id());
      metrics.batchFinished(end.status().wireName(), Duration.ofNanos(System.nanoTime() - started));
      log.info("Batch {} {}: {} rows {}{}", end.id(), end.status().wireName(), end.progress().rows(),
          end.progress().outcomes(), end.error().map(e -> "; " + e.detail()).orElse(""));
      return end;
    });
  }

  private boolean shuttingDown() {
    return CoordinatedShutdown.get(system).getShutdownReason().isPresent();
  }

  /** A statement's form (from its report, written when it was posted); empty for a load. */
  private CompletionStage<Optional<StatementForm>> formOf(Batch batch) {
    if (batch.spec().mode() == BatchSpec.Mode.LOAD) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return statements.report(batch.id()).thenApply(report -> Optional.of(report.orElseThrow(
        () -> new IllegalStateException("statement " + batch.id() + " has no report")).form()));
  }

  private BatchRows open(Batch batch, Optional<StatementForm> form) {
    InputStream file = spool.open(batch.id());
    Set<String> required = form.map(StatementForm::required).orElse(ColumnMapping.EVENT_FIELDS_REQUIRED);
    try {
      return switch (batch.spec().format()) {
        case CSV -> new CsvRows(file, batch.spec().mapping(), required, batch.contentHash().substring(0, 16),
            settings.limits());
        case NDJSON -> new NdjsonRows(file, settings.limits());
      };
    } catch (RuntimeException e) {
      try {
        file.close();
      } catch (java.io.IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** Reads the rows past the checkpoint and takes them chunk by chunk. */
  private CompletionStage<Done> take(Batch batch, BatchRows rows, Optional<StatementForm> form) {
    long checkpoint = batch.progress().checkpointLine();
    return Source.fromIterator(() -> iterator(rows))
        .addAttributes(ActorAttributes.dispatcher(BLOCKING_DISPATCHER))
        .async()
        .filter(row -> row instanceof BatchRow.Broken || row.line() > checkpoint)
        .grouped(settings.chunkRows())
        .mapAsync(1, chunk -> takeChunk(batch.id(), chunk, rows, form))
        .runWith(Sink.ignore(), system);
  }

  /** Takes the rows of one chunk; a {@link BatchRow.Broken} (always last) fails the batch after them. */
  private CompletionStage<Batch> takeChunk(String id, List<BatchRow> rowsAndEnd, BatchRows rows,
      Optional<StatementForm> form) {
    BatchRow last = rowsAndEnd.get(rowsAndEnd.size() - 1);
    List<BatchRow> chunk = last instanceof BatchRow.Broken ? rowsAndEnd.subList(0, rowsAndEnd.size() - 1) : rowsAndEnd;
    CompletionStage<Batch> taken = chunk.isEmpty() ? CompletableFuture.completedFuture(current.get(id))
        : form.isPresent() ? keepStatementRows(id, chunk, rows, form.get()) : takeRows(id, chunk, rows);
    if (last instanceof BatchRow.Broken broken) {
      return taken.thenApply(batch -> {
        throw broken.error();
      });
    }
    return taken;
  }

  private CompletionStage<Batch> takeRows(String id, List<BatchRow> chunk, BatchRows rows) {
    Batch batch = current.get(id);
    List<SubmittedEvent> submitted = new ArrayList<>(chunk.size());
    chunk.forEach(row -> submitted.add(submitted(batch, row)));
    long bytesRead = rows.bytesRead();
    return ingestion.ingest(submitted, batch.caller(), RequestId.ofBatch(batch.id())).thenCompose(results -> {
      Optional<EventResult> unanswered = results.stream().filter(r -> r.status() == EventStatus.UNAVAILABLE)
          .findFirst();
      if (unanswered.isPresent()) {
        throw new RowsUnanswered(unanswered.get());
      }
      Map<String, Long> outcomes = new TreeMap<>();
      List<BatchRejection> rejected = new ArrayList<>();
      long room = settings.maxRejectionsKept() - batch.progress().rejectionsKept();
      for (int i = 0; i < results.size(); i++) {
        EventResult r = results.get(i);
        outcomes.merge(r.status().wireName(), 1L, Long::sum);
        if (!r.status().stored() && rejected.size() < room) {
          rejected.add(new BatchRejection(r.index(), rows.columnOf(Optional.ofNullable(r.field()).orElse(WHOLE_ROW)),
              r.status().wireName(), r.detail(), submitted.get(i).raw().text(REJECTED_RAW_BYTES).text()));
        }
      }
      long lastLine = chunk.get(chunk.size() - 1).line();
      Batch next = batch.with(BatchStatus.RUNNING,
          batch.progress().after(chunk.size(), bytesRead, outcomes, lastLine, rejected.size()), Optional.empty(),
          clock.instant());
      return store.reject(id, rejected).thenCompose(ignored -> store.update(next)).thenApply(ignored -> {
        current.put(id, next);
        outcomes.forEach(metrics::batchRows);
        return next;
      });
    });
  }

  /**
   * Keeps the rows of one chunk of a statement by entity (outcome {@code read}) and lists the rows
   * that cannot be compared (outcome {@code rejected}), then checkpoints.
   */
  private CompletionStage<Batch> keepStatementRows(String id, List<BatchRow> chunk, BatchRows rows,
      StatementForm form) {
    Batch batch = current.get(id);
    List<StatementRow> read = new ArrayList<>(chunk.size());
    List<BatchRejection> rejected = new ArrayList<>();
    long refused = 0;
    long room = settings.maxRejectionsKept() - batch.progress().rejectionsKept();
    for (BatchRow row : chunk) {
      StatementRowReader.Read r = statementRows.read(batch, form, row, rows);
      if (r instanceof StatementRowReader.Taken taken) {
        read.add(taken.row());
      } else {
        StatementRowReader.Refused no = (StatementRowReader.Refused) r;
        refused++;
        if (rejected.size() < room) {
          rejected.add(new BatchRejection(no.line(), no.column(), EventStatus.REJECTED.wireName(), no.detail(),
              no.raw()));
        }
      }
    }
    Map<String, Long> outcomes = new TreeMap<>();
    outcomes.put(STATEMENT_ROW_READ, (long) read.size());
    if (refused > 0) {
      outcomes.put(EventStatus.REJECTED.wireName(), refused);
    }
    Batch next = batch.with(BatchStatus.RUNNING, batch.progress().after(chunk.size(), rows.bytesRead(), outcomes,
        chunk.get(chunk.size() - 1).line(), rejected.size()), Optional.empty(), clock.instant());
    return statements.keep(id, read)
        .thenCompose(ignored -> store.reject(id, rejected))
        .thenCompose(ignored -> store.update(next))
        .thenApply(ignored -> {
          current.put(id, next);
          outcomes.forEach(metrics::batchRows);
          return next;
        });
  }

  /**
   * Sends a statement's records missing in Tally as events, through the same contract, idempotency
   * and outcomes as any row, written as the caller that posted the statement.
   */
  public CompletionStage<List<EventResult>> applyMissing(Batch batch, List<StatementDifference> missing) {
    List<SubmittedEvent> rows = new ArrayList<>(missing.size());
    for (StatementDifference d : missing) {
      rows.add(ingestion.submitLine(d.line(), akka.util.ByteString.fromString(d.event().orElseThrow()),
          batch.spec().source(), batch.caller()));
    }
    return ingestion.ingest(rows, batch.caller(), RequestId.ofBatch(batch.id()));
  }

  /** A row as the ingest takes it: read, mapped, and inside the batch's period. */
  private SubmittedEvent submitted(Batch batch, BatchRow row) {
    SubmittedEvent submitted;
    if (row instanceof BatchRow.Event e) {
      submitted = ingestion.submit(e.line(), e.event(), batch.spec().source(), batch.caller());
    } else if (row instanceof BatchRow.Line l) {
      submitted = ingestion.submitLine(l.line(), l.text(), batch.spec().source(), batch.caller());
    } else {
      BatchRow.Unreadable u = (BatchRow.Unreadable) row;
      submitted = ingestion.unreadable(u.line(), new ContractViolation(u.column(), u.rule(), u.detail()), u.raw());
    }
    return submitted.event()
        .filter(event -> !batch.spec().inPeriod(event.eventTime()))
        .map(event -> ingestion.refused(submitted, new ContractViolation("eventTime", "period", "eventTime "
            + event.eventTime() + " is outside the batch's period " + batch.spec().periodText())))
        .orElse(submitted);
  }

  /** The rows, and a {@link BatchRow.Broken} after the last one when the file breaks off. */
  private static Iterator<BatchRow> iterator(BatchRows rows) {
    return new Iterator<>() {
      private Optional<BatchRow> next;
      private boolean broken;

      @Override
      public boolean hasNext() {
        if (next == null) {
          try {
            next = broken ? Optional.empty() : rows.next();
          } catch (BadFile bad) {
            broken = true;
            next = Optional.of(new BatchRow.Broken(bad));
          }
        }
        return next.isPresent();
      }

      @Override
      public BatchRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        BatchRow row = next.get();
        next = null;
        return row;
      }
    };
  }

  private static Batch.BatchError errorOf(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof java.util.concurrent.CompletionException
        || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof BadFile bad) {
      return new Batch.BatchError(bad.line(), bad.column(), bad.code(), bad.describe());
    }
    if (cause instanceof RowsUnanswered unanswered) {
      return new Batch.BatchError(unanswered.line, 0, "unavailable", unanswered.getMessage());
    }
    if (cause instanceof PacedIngestion.NodeBusy) {
      return new Batch.BatchError(0, 0, "node_busy", cause.getMessage() + "; post the batch again to resume it");
    }
    return new Batch.BatchError(0, 0, "failed", "the batch stopped: " + cause
        + "; post it again to resume it after its last checkpoint");
  }

  private Executor blocking() {
    return system.dispatchers().lookup(DispatcherSelector.blocking());
  }

  /** Rows the ledger did not answer even after the retries: the batch stops before their chunk. */
  private static final class RowsUnanswered extends RuntimeException {
    private final long line;

    RowsUnanswered(EventResult first) {
      super("the ledger did not answer for the row on line " + first.index() + " (" + first.detail()
          + "); the batch stopped before its chunk: post it again to resume it", null, false, false);
      this.line = first.index();
    }
  }
}
