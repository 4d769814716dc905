package io.tally.projections;

import akka.actor.typed.ActorSystem;
import akka.projection.cassandra.javadsl.CassandraProjection;
import io.tally.ledger.EventTimeWindows;
import io.tally.ledger.LedgerEventHandler;
import io.tally.ledger.LedgerService;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.journal.CassandraJournalReader;
import io.tally.projections.drift.ActivityRecordingLedger;
import io.tally.projections.drift.CassandraEntityActivity;
import io.tally.projections.drift.CassandraReconciliationStore;
import io.tally.projections.drift.DriftDetector;
import io.tally.projections.drift.DriftSchedule;
import io.tally.projections.drift.EntityActivity;
import io.tally.projections.drift.LedgerExpectedWindows;
import io.tally.projections.drift.Reconciliation;
import io.tally.projections.drift.ReconciliationService;
import io.tally.projections.metrics.TallyMetrics;
import io.tally.projections.repair.LedgerJournalReplay;
import io.tally.projections.repair.RepairPlanner;
import io.tally.projections.repair.Repairer;
import io.tally.projections.window.CassandraWindowViewRepository;
import io.tally.projections.window.ReceptionistSliceRepairs;
import io.tally.projections.window.SliceWriter;
import io.tally.projections.window.WindowViewProjection;
import io.tally.projections.window.WindowViewRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Starts the read side of a node: window-view projections, the detector and its schedule.
 *
 * @param ledger the ledger as producers must reach it: it records each entity's activity (what
 *     the detector asks) before the events go to the entity
 */
public record ProjectionsRuntime(LedgerService ledger, WindowViewRepository views, Reconciliation reconciliation,
    TallyMetrics metrics) {

  public static CompletionStage<ProjectionsRuntime> start(ActorSystem<?> system, ProjectionSettings settings,
      LedgerSettings ledger, LedgerService ledgerService, TallyMetrics metrics, Clock clock) {
    // Offset and management tables of akka-projection-cassandra: dev/test only, like ours.
    CompletionStage<?> offsets = settings.tablesAutocreate()
        ? PersistenceWarmUp.run(system).thenCompose(ignored -> CassandraProjection.createTablesIfNotExists(system))
        : java.util.concurrent.CompletableFuture.completedFuture(null);
    return offsets.thenCompose(ignored -> CqlStore.start(system, settings)).thenApply(store -> {
      ProjectionSettings.Writer writer = settings.writer();
      WindowViewRepository views = new CassandraWindowViewRepository(store,
          new CassandraWindowViewRepository.WriteBatching(writer.batchMaxRows(), writer.batchMaxBytes()));
      EventTimeWindows windows = EventTimeWindows.of(ledger);
      CassandraJournalReader journal = new CassandraJournalReader(system);
      WindowViewProjection.init(system, settings, ledger.slices(),
          slice -> new SliceWriter(slice, views, journal, windows, metrics, clock, writer, system));
      Repairer repairer = new Repairer(new RepairPlanner(
          new LedgerJournalReplay(journal, new LedgerEventHandler(ledger), system), views, clock),
          new ReceptionistSliceRepairs(system, writer.repairTimeout()), settings.writeAttempts());
      // Kept for the detector's lookback, plus how far ahead an event time may be, plus the bucket
      // read before it (rows expire one more bucket later).
      Duration activityRetention = settings.driftLookback().plus(ledger.maxFutureSkew()).plus(settings.activityBucket());
      EntityActivity activity = new CassandraEntityActivity(store, ledger.slices(), settings.activityBucket(),
          activityRetention, settings.activityRememberedEntities(), clock);
      LedgerService recording = new ActivityRecordingLedger(ledgerService, activity);
      DriftDetector detector = new DriftDetector(new LedgerExpectedWindows(activity, recording), views, windows,
          ledger.slices(), ledger.windowRetention(), ledger.maxFutureSkew(), settings, clock, system);
      ReconciliationService reconciliation = new ReconciliationService(detector, repairer,
          new CassandraReconciliationStore(store, clock), metrics, windows, settings, clock);
      DriftSchedule.init(system, reconciliation, settings.driftInterval());
      return new ProjectionsRuntime(recording, views, reconciliation, metrics);
    });
  }
}
