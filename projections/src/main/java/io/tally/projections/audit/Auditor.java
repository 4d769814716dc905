package io.tally.projections.audit;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import io.tally.ledger.LedgerEventHandler;
import io.tally.ledger.LedgerService;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.journal.JournalReader;
import io.tally.ledger.journal.CassandraJournalReader;
import io.tally.projections.statement.CheckpointStore;
import io.tally.projections.statement.CheckpointsInForce;
import io.tally.projections.statement.InMemoryCheckpointStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The audit library: verified histories, point-in-time states and whole audit runs over one
 * {@link JournalReader}. Used by the HTTP routes in a node and by {@link AuditJob} on its own.
 */
public final class Auditor {

  private final JournalReader journal;
  private final CheckpointStore reconciled;
  private final EntityAudit entityAudit;
  private final PointInTimeState pointInTime;
  private final AuditSettings settings;
  private final Clock clock;
  private final ActorSystem<?> system;

  /** Without reconciliation checkpoints (reconciled periods are not checked). */
  public Auditor(JournalReader journal, LedgerEventHandler handler, List<CheckpointSource> checkpoints,
      WindowViewCheck views, AuditSettings settings, Clock clock, ActorSystem<?> system) {
    this(journal, handler, checkpoints, views, new InMemoryCheckpointStore(), settings, clock, system);
  }

  /**
   * @param reconciled the statement batches' reconciliation checkpoints, whose windows each run
   *     checks against the journal ({@code tally.audit.compare-reconciled-periods})
   */
  public Auditor(JournalReader journal, LedgerEventHandler handler, List<CheckpointSource> checkpoints,
      WindowViewCheck views, CheckpointStore reconciled, AuditSettings settings, Clock clock, ActorSystem<?> system) {
    this.journal = journal;
    this.reconciled = reconciled;
    this.entityAudit = new EntityAudit(journal, handler, checkpoints, views, reconciled, settings, system);
    this.pointInTime = new PointInTimeState(journal, handler, settings, system);
    this.settings = settings;
    this.clock = clock;
    this.system = system;
  }

  /** The auditor of a running node without reconciliation checkpoints (reconciled periods are not checked). */
  public static Auditor inNode(ActorSystem<?> system, LedgerSettings ledgerSettings, LedgerService ledger,
      WindowViewCheck views, Clock clock) {
    return inNode(system, ledgerSettings, ledger, views, new InMemoryCheckpointStore(), clock);
  }

  /**
   * The auditor of a running node: the Cassandra journal, and as checkpoints the latest snapshots
   * and the live entities, the window views and the reconciled periods (each as {@code
   * tally.audit} enables).
   */
  public static Auditor inNode(ActorSystem<?> system, LedgerSettings ledgerSettings, LedgerService ledger,
      WindowViewCheck views, CheckpointStore reconciled, Clock clock) {
    AuditSettings settings = AuditSettings.create(system.settings().config());
    List<CheckpointSource> checkpoints = new ArrayList<>();
    if (settings.compareSnapshots()) {
      checkpoints.add(new SnapshotCheckpoints(system, settings.checkpointTimeout()));
    }
    if (settings.compareLiveActors()) {
      checkpoints.add(new LiveEntityCheckpoints(ledger));
    }
    return overJournal(system, ledgerSettings, settings, checkpoints,
        settings.compareViews() ? views : WindowViewCheck.NONE, reconciled, clock);
  }

  /**
   * An auditor over the Cassandra journal that compares exactly the given checkpoints and views,
   * without reconciliation checkpoints.
   */
  public static Auditor overJournal(ActorSystem<?> system, LedgerSettings ledgerSettings, AuditSettings settings,
      List<CheckpointSource> checkpoints, WindowViewCheck views, Clock clock) {
    return overJournal(system, ledgerSettings, settings, checkpoints, views, new InMemoryCheckpointStore(), clock);
  }

  /**
   * An auditor over the Cassandra journal that compares exactly the given checkpoints and views,
   * and the reconciled periods of {@code reconciled} (as {@code
   * tally.audit.compare-reconciled-periods} says).
   */
  public static Auditor overJournal(ActorSystem<?> system, LedgerSettings ledgerSettings, AuditSettings settings,
      List<CheckpointSource> checkpoints, WindowViewCheck views, CheckpointStore reconciled, Clock clock) {
    return new Auditor(new CassandraJournalReader(system), new LedgerEventHandler(ledgerSettings), checkpoints,
        views, reconciled, settings, clock, system);
  }

  public AuditSettings settings() {
    return settings;
  }

  /** The entity's journal from seqNr 1, each event annotated with its chain verification. */
  public Source<AuditedEvent, NotUsed> verifiedEvents(String entityKey) {
    return journal.events(entityKey).via(ChainVerifier.flow());
  }

  public PointInTimeState pointInTime() {
    return pointInTime;
  }

  /** Audits one entity (chain, replay, checkpoints, reconciled periods, views). */
  public CompletionStage<EntityFindings> auditEntity(String entityKey, AuditScope scope) {
    return checkReconciled().thenCompose(check -> entityAudit.audit(entityKey, scope, check));
  }

  /**
   * The reconciliation checkpoints whose windows entities are checked against (none when the
   * check is off): of each source and period the one compared last. Listed once per run, so a
   * ledger without statements costs no lookup per entity. A store that cannot answer fails the
   * run: its audit would otherwise look clean.
   */
  private CompletionStage<CheckpointsInForce> checkReconciled() {
    if (!settings.compareReconciledPeriods()) {
      return CompletableFuture.completedFuture(CheckpointsInForce.NONE);
    }
    return CheckpointsInForce.read(reconciled, settings.checkpointsPage(), settings.maxReconciliationCheckpoints())
        .exceptionally(e -> {
      throw new IllegalStateException("reconciliation checkpoints could not be read (tally.audit."
          + "compare-reconciled-periods = off audits without them): " + e.getMessage(), e);
    });
  }

  /**
   * Runs an audit over every entity in {@code scope} as the reader finds them ({@link
   * JournalReader#entities}: a scan of the whole journal, or key by key), {@code
   * entity-parallelism} entities verified and replayed at a time; {@code progress} is updated
   * after each entity.
   */
  public CompletionStage<AuditReport> run(AuditScope scope, AtomicReference<AuditProgress> progress) {
    return run(UUID.randomUUID().toString(), scope, progress);
  }

  CompletionStage<AuditReport> run(String runId, AuditScope scope, AtomicReference<AuditProgress> progress) {
    AuditTally tally = new AuditTally(runId, scope, clock, settings.maxFindings());
    return checkReconciled().thenCompose(check -> journal.entities(scope.keys())
        .mapAsyncUnordered(settings.entityParallelism(), entity -> entityAudit.audit(entity, scope, check))
        .runWith(Sink.fold(tally, (t, result) -> {
          t.add(result);
          progress.set(t.progress());
          return t;
        }), system))
        .thenApply(AuditTally::report);
  }
}
