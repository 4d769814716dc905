package io.tally.projections.audit;

import akka.actor.typed.ActorSystem;
import akka.stream.javadsl.Sink;
import io.tally.ledger.LedgerEventHandler;
import io.tally.ledger.LedgerState;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.journal.JournalReader;
import io.tally.ledger.journal.JournalEntry;
import io.tally.ledger.journal.ScannedEntity;
import io.tally.projections.statement.CheckpointStore;
import io.tally.projections.statement.CheckpointsInForce;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Audits one entity: streams its journal (or what a scan read of it, then the rest) through the
 * {@link ChainVerifier}, replays it through {@link LedgerEventHandler} (the entity's own rules),
 * and compares the replayed state with every {@link Checkpoint} at the checkpoint's seqNr, the
 * windows of its reconciled periods with what the journal now gives ({@link ReconciledPeriods}),
 * then the recomputed windows with the views. Memory is the entity's replayed state, its bounded
 * findings, what a scan read of it (bounded by the scan) and its events in reconciled periods,
 * whatever the journal's length.
 */
final class EntityAudit {

  private final JournalReader journal;
  private final LedgerEventHandler handler;
  private final List<CheckpointSource> checkpoints;
  private final WindowViewCheck views;
  private final CheckpointStore reconciled;
  private final int maxFindings;
  private final ActorSystem<?> system;

  EntityAudit(JournalReader journal, LedgerEventHandler handler, List<CheckpointSource> checkpoints,
      WindowViewCheck views, CheckpointStore reconciled, AuditSettings settings, ActorSystem<?> system) {
    this.journal = journal;
    this.handler = handler;
    this.checkpoints = List.copyOf(checkpoints);
    this.views = views;
    this.reconciled = reconciled;
    this.maxFindings = settings.maxFindingsPerEntity();
    this.system = system;
  }

  /**
   * @param inForce the reconciliation checkpoints whose windows the entity is checked against
   *     (none: its reconciled windows are not read)
   */
  CompletionStage<EntityFindings> audit(String entityKey, AuditScope scope, CheckpointsInForce inForce) {
    return audit(ScannedEntity.unread(entityKey), scope, inForce);
  }

  /**
   * Audits an entity from what a scan read of it, reading the rest of its journal when the scan
   * says so or a checkpoint lies beyond it. The in-memory part is verified and replayed on the
   * dispatcher, so that entities are audited in parallel.
   */
  CompletionStage<EntityFindings> audit(ScannedEntity scanned, AuditScope scope, CheckpointsInForce inForce) {
    String entityKey = scanned.entityKey();
    // Checkpoints (and reconciled windows) are taken before the journal is read on: whatever they
    // reflect is then in it (a scanned prefix may be older than they are, hence the read on past a
    // checkpoint; reconciled windows are only compared with the whole journal).
    return loadCheckpoints(entityKey, inForce).thenComposeAsync(loaded -> {
      Replay replay = new Replay(entityKey, scope, loaded.checkpoints, loaded.reconciled);
      loaded.failures.forEach(replay::add);
      ChainVerifier verifier = new ChainVerifier();
      for (JournalEntry entry : scanned.entries()) {
        if (scope.beyondUntil(entry.event().ingestedAt())) {
          replay.compare();
          return CompletableFuture.completedFuture(replay);
        }
        replay.accept(verifier.verify(entry));
      }
      long lastScanned = scanned.nextSeqNr() - 1;
      boolean checkpointBeyond = loaded.checkpoints.stream().anyMatch(c -> c.seqNr() > lastScanned);
      // A statement may have compared the entity after the scan read it; its windows tell no
      // seqNr, so an entity with reconciled windows is always read on to the journal's end.
      boolean reconciledBeyond = !loaded.reconciled.isEmpty() && scope.until() == null;
      if (!scanned.readOn() && !checkpointBeyond && !reconciledBeyond) {
        replay.compare();
        return CompletableFuture.completedFuture(replay);
      }
      return journal.events(entityKey, scanned.nextSeqNr())
          .map(verifier::verify)
          .takeWhile(e -> !scope.beyondUntil(e.event().ingestedAt()))
          .runWith(Sink.foreach(replay::accept), system)
          .handle((done, failure) -> {
            if (failure != null) {
              replay.add(Finding.of(entityKey, replay.lastSeqNr + 1, BreakKind.UNREADABLE,
                  "the journal could not be read after seqNr " + replay.lastSeqNr + ": " + failure.getMessage()));
              return replay;
            }
            replay.compare();
            return replay;
          });
    }, system.executionContext()).thenCompose(replay -> replay.readable && scope.until() == null && replay.events > 0
        ? views.check(entityKey, replay.state.windows()).thenApply(found -> {
            found.forEach(replay::add);
            return replay.findings();
          })
        : CompletableFuture.completedFuture(replay.findings()));
  }

  private record Loaded(List<Checkpoint> checkpoints, ReconciledPeriods reconciled, List<Finding> failures) {}

  private CompletionStage<Loaded> loadCheckpoints(String entityKey, CheckpointsInForce inForce) {
    List<CompletableFuture<Object>> loads = new ArrayList<>(checkpoints.stream()
        .map(source -> source.load(entityKey).<Object>thenApply(c -> c)
            .exceptionally(e -> Finding.of(entityKey, null, BreakKind.UNREADABLE,
                "checkpoint could not be loaded: " + e.getMessage()))
            .toCompletableFuture())
        .toList());
    if (!inForce.isEmpty()) {
      loads.add(reconciled.windowsOf(entityKey)
          .<Object>thenApply(windows -> ReconciledPeriods.of(windows.stream()
              .filter(w -> inForce.includes(w.batchId())).toList()))
          .exceptionally(e -> Finding.of(entityKey, null, BreakKind.UNREADABLE,
              "reconciled windows could not be loaded: " + e.getMessage()))
          .toCompletableFuture());
    }
    return CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<Checkpoint> found = new ArrayList<>();
      ReconciledPeriods periods = ReconciledPeriods.of(List.of());
      List<Finding> failures = new ArrayList<>();
      for (CompletableFuture<Object> load : loads) {
        Object result = load.join();
        if (result instanceof Finding f) {
          failures.add(f);
        } else if (result instanceof ReconciledPeriods p) {
          periods = p;
        } else if (result instanceof Optional<?> o && o.isPresent()) {
          found.add((Checkpoint) o.get());
        }
      }
      return new Loaded(found, periods, failures);
    });
  }

  /** The fold over one entity's stream; confined to that stream (hence mutable). */
  private final class Replay {
    private final String entityKey;
    private final AuditScope scope;
    private final List<Checkpoint> pending;
    private final ReconciledPeriods reconciled;
    private final Map<Checkpoint, LedgerSummary> replayedAt = new HashMap<>();
    private final List<Finding> findings = new ArrayList<>();
    private long dropped;
    private LedgerState state;
    private long events;
    private long lastSeqNr;
    private boolean readable = true;
    private boolean replayable = true;

    Replay(String entityKey, AuditScope scope, List<Checkpoint> checkpoints, ReconciledPeriods reconciled) {
      this.entityKey = entityKey;
      this.scope = scope;
      this.pending = checkpoints;
      this.reconciled = reconciled;
      this.state = LedgerState.empty(entityKey);
    }

    void accept(AuditedEvent e) {
      events++;
      lastSeqNr = e.seqNr();
      if (!e.ok() && scope.includesTime(e.event().ingestedAt())) {
        e.problems().forEach(p -> add(Finding.of(entityKey, e.seqNr(), p.kind(), p.detail())));
      }
      reconciled.accept(e.seqNr(), e.event());
      if (!replayable) {
        return;
      }
      try {
        state = handler.apply(state, e.event());
      } catch (RuntimeException failure) {
        // A tampered event can violate the ledger's invariants; report it, keep verifying the chain.
        replayable = false;
        add(Finding.of(entityKey, e.seqNr(), BreakKind.UNREADABLE,
            "the event cannot be replayed: " + failure.getMessage()));
        return;
      }
      for (Checkpoint c : pending) {
        if (c.seqNr() == state.lastSeqNr()) {
          replayedAt.put(c, LedgerSummary.of(state, 0));
        }
      }
    }

    /**
     * After the journal was read as far as the scope goes: the checkpoints, and the reconciled
     * periods when the whole journal was read (they hold the ledger as it is now).
     */
    void compare() {
      compareCheckpoints();
      if (readable && scope.until() == null) {
        reconciled.changes(entityKey).forEach(this::add);
      }
    }

    private void compareCheckpoints() {
      for (Checkpoint c : pending) {
        LedgerSummary replayed = replayedAt.get(c);
        if (replayed != null) {
          List<String> diffs = StateComparison.differences(replayed, c.summary());
          if (!diffs.isEmpty()) {
            add(Finding.of(entityKey, c.seqNr(), c.mismatchKind(), c.source() + " differs from the replay at seqNr "
                + c.seqNr() + ": " + String.join("; ", diffs)));
          }
        } else if (scope.until() == null && replayable) {
          add(Finding.of(entityKey, c.seqNr(), c.mismatchKind(), c.source() + " is at seqNr " + c.seqNr()
              + " but the journal replays only to " + state.lastSeqNr()));
        }
      }
    }

    void add(Finding finding) {
      if (finding.kind().equals(BreakKind.UNREADABLE.wireName())) {
        readable = false;
      }
      if (findings.size() < maxFindings) {
        findings.add(finding);
      } else {
        dropped++;
      }
    }

    EntityFindings findings() {
      return new EntityFindings(entityKey, events, lastSeqNr, findings, dropped);
    }
  }
}
