package io.tally.projections.drift;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.tally.ledger.EventTimeWindows;
import io.tally.projections.ProjectionSettings;
import io.tally.projections.metrics.TallyMetrics;
import io.tally.projections.repair.RepairPlan;
import io.tally.projections.repair.RepairRecord;
import io.tally.projections.repair.RepairStatus;
import io.tally.projections.repair.Repairer;
import io.tally.projections.window.WindowView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconciliation run: detect, record each discrepancy (store + metrics), then repair the view
 * rows from the journal (auto-repair), or only propose the repairs (auto-repair off), or, in a
 * dry run, show the planned changes and write nothing at all.
 */
public final class ReconciliationService implements Reconciliation {

  private static final Logger log = LoggerFactory.getLogger(ReconciliationService.class);
  static final String DETECTOR = "drift-detector";

  private final DriftDetector detector;
  private final Repairer repairer;
  private final ReconciliationStore store;
  private final TallyMetrics metrics;
  private final EventTimeWindows windows;
  private final ProjectionSettings settings;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();

  public ReconciliationService(DriftDetector detector, Repairer repairer, ReconciliationStore store,
      TallyMetrics metrics, EventTimeWindows windows, ProjectionSettings settings, Clock clock) {
    this.detector = detector;
    this.repairer = repairer;
    this.store = store;
    this.metrics = metrics;
    this.windows = windows;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public CompletionStage<Optional<DriftReport>> runNow(String trigger, String actor, boolean dryRun) {
    if (!running.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    UUID runId = UUID.randomUUID();
    Instant started = clock.instant();
    RunCancellation cancellation = new RunCancellation();
    CompletableFuture<DriftReport> work;
    try {
      work = detector.detect(runId, cancellation)
          .thenCompose(d -> dryRun ? preview(d, cancellation) : record(d, trigger, actor, cancellation))
          .thenApply(p -> new DriftReport(runId, trigger, dryRun, started, clock.instant(),
              p.detection.entitiesChecked(), p.detection.pairsInFlight(), p.detection.sliceWindowsChecked(),
              p.detection.sliceWindowsDiverged(), p.detection.discrepancies(), p.repairs))
          .toCompletableFuture();
    } catch (RuntimeException e) {
      running.set(false);
      throw e;
    }
    // The next run may start only once this one's work has ended, not merely when it timed out.
    work.whenComplete((report, error) -> running.set(false));
    return work.copy()
        .orTimeout(settings.runTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((report, error) -> {
          if (error != null) {
            cancellation.cancel();
          }
          Duration took = Duration.between(started, clock.instant());
          metrics.run(error == null ? "completed" : "failed", took, clock.instant());
          if (error != null) {
            log.warn("Drift detector run {} failed (its remaining steps are cancelled)", runId, error);
          } else {
            metrics.compared(report.sliceWindowsChecked(), report.discrepancies().size());
            if (!report.discrepancies().isEmpty()) {
              log.warn("Drift detector run {} ({}): {} discrepancies, repairs {}", runId, trigger,
                  report.discrepancies().size(), report.repairs().stream().map(r -> r.status().wireName()).toList());
            }
          }
        })
        .thenApply(Optional::of);
  }

  private record Progress(DriftDetector.Detection detection, List<RepairRecord> repairs) {}

  private CompletionStage<Progress> preview(DriftDetector.Detection d, RunCancellation cancellation) {
    return sequentially(d.discrepancies(), cancellation, x -> repairer.planner().plan(x.key(), x.slice())
        .thenApply(plan -> record(x, "dry-run", DETECTOR, plan.changesNothing() ? RepairStatus.NO_CHANGE
            : RepairStatus.DRY_RUN, plan, Optional.empty())))
        .thenApply(repairs -> new Progress(d, repairs));
  }

  private CompletionStage<Progress> record(DriftDetector.Detection d, String trigger, String actor,
      RunCancellation cancellation) {
    return sequentially(d.discrepancies(), cancellation, x -> store.save(x).thenCompose(ignored -> {
      metrics.divergence(x.kind().wireName(),
          Duration.between(windows.closesAt(x.windowStart()), x.detectedAt()));
      return settings.autoRepair() ? repair(x, trigger, actor) : propose(x, trigger, actor);
    })).thenApply(repairs -> {
      metrics.open(repairs.stream().filter(r -> r.status() == RepairStatus.PROPOSED
          || r.status() == RepairStatus.FAILED).count());
      return new Progress(d, repairs);
    });
  }

  private CompletionStage<RepairRecord> repair(Discrepancy x, String trigger, String actor) {
    return repairer.repair(x.key(), x.slice())
        .thenApply(plan -> record(x, trigger, actor,
            plan.changesNothing() ? RepairStatus.NO_CHANGE : RepairStatus.APPLIED, plan, Optional.empty()))
        .exceptionally(error -> {
          log.warn("Repair of {} failed", x.key(), error);
          return record(x, trigger, actor, RepairStatus.FAILED,
              new RepairPlan(x.key(), x.slice(), Optional.empty(), Optional.empty()), Optional.empty());
        })
        .thenCompose(r -> {
          metrics.repair(r.status().wireName(), Duration.between(x.detectedAt(), clock.instant()));
          return store.save(r).thenApply(ignored -> r);
        });
  }

  private CompletionStage<RepairRecord> propose(Discrepancy x, String trigger, String actor) {
    return repairer.planner().plan(x.key(), x.slice())
        .thenApply(plan -> record(x, trigger, actor, RepairStatus.PROPOSED, plan, Optional.empty()))
        .thenCompose(r -> store.save(r).thenApply(ignored -> r));
  }

  /**
   * Applies a proposed repair once: the record is claimed with a conditional write (proposed →
   * approving), so of two approvals racing, one applies it and the other is told it is no longer
   * proposed. The repair is re-planned from the journal now ("make this row match the journal").
   */
  @Override
  public CompletionStage<ApprovalOutcome> approve(UUID repairId, String actor) {
    return store.repair(repairId).thenCompose(found -> {
      if (found.isEmpty()) {
        return CompletableFuture.completedFuture(new ApprovalOutcome.NotFound());
      }
      RepairRecord proposed = found.get();
      if (proposed.status() != RepairStatus.PROPOSED) {
        return CompletableFuture.completedFuture(new ApprovalOutcome.NotProposed(proposed));
      }
      return store.claim(proposed, actor).thenCompose(claimed -> {
        if (!claimed) {
          return store.repair(repairId).thenApply(now ->
              (ApprovalOutcome) new ApprovalOutcome.NotProposed(now.orElse(proposed)));
        }
        Instant approvedAt = clock.instant();
        return repairer.repair(proposed.key(), proposed.slice())
            .thenApply(plan -> proposed.with(plan.changesNothing() ? RepairStatus.NO_CHANGE : RepairStatus.APPLIED,
                plan.before().map(WindowView::values), plan.after().map(WindowView::values),
                Optional.of(clock.instant()), Optional.of(actor)))
            .exceptionally(error -> {
              log.warn("Approved repair {} of {} failed", repairId, proposed.key(), error);
              return proposed.with(RepairStatus.FAILED, proposed.before(), proposed.after(), Optional.empty(),
                  Optional.of(actor));
            })
            .thenCompose(r -> {
              metrics.repair(r.status().wireName(), Duration.between(approvedAt, clock.instant()));
              return store.complete(r).thenApply(ignored -> (ApprovalOutcome) new ApprovalOutcome.Applied(r));
            });
      });
    });
  }

  @Override
  public CompletionStage<RecordPage<Discrepancy>> discrepancies(int limit, Optional<UUID> after) {
    int bounded = Math.min(limit, settings.maxRecords());
    return store.discrepancies(bounded + 1, after).thenApply(found -> RecordPage.of(found, bounded, Discrepancy::id));
  }

  @Override
  public CompletionStage<RecordPage<RepairRecord>> repairs(int limit, Optional<UUID> after) {
    int bounded = Math.min(limit, settings.maxRecords());
    return store.repairs(bounded + 1, after).thenApply(found -> RecordPage.of(found, bounded, RepairRecord::id));
  }

  private RepairRecord record(Discrepancy x, String trigger, String actor, RepairStatus status, RepairPlan plan,
      Optional<String> approvedBy) {
    Instant now = clock.instant();
    boolean done = status == RepairStatus.APPLIED || status == RepairStatus.NO_CHANGE;
    return new RepairRecord(Uuids.timeBased(), x.id(), x.entityKey(), x.slice(), x.windowStart(), trigger, actor,
        status, Optional.empty(), Optional.empty(), 0, 0, now, Optional.empty(), approvedBy)
        .with(status, plan.before().map(WindowView::values), plan.after().map(WindowView::values),
            done ? Optional.of(now) : Optional.empty(), approvedBy);
  }

  /** One at a time: repairs of a run are few, and ordering keeps the records readable. */
  private static <A, B> CompletionStage<List<B>> sequentially(List<A> items, RunCancellation cancellation,
      java.util.function.Function<A, CompletionStage<B>> f) {
    CompletionStage<List<B>> acc = CompletableFuture.completedFuture(new ArrayList<>());
    for (A item : items) {
      acc = acc.thenCompose(list -> cancellation.unlessCancelled(() -> f.apply(item)).thenApply(b -> {
        list.add(b);
        return list;
      }));
    }
    return acc;
  }
}
