package io.tally.http;

import io.tally.projections.drift.Discrepancy;
import io.tally.projections.drift.DriftReport;
import io.tally.projections.drift.Reconciliation;
import io.tally.projections.drift.RecordPage;
import io.tally.projections.repair.RepairRecord;
import io.tally.projections.repair.RepairStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** Reconciliation with canned answers; records the calls. */
public final class StubReconciliation implements Reconciliation {

  /** A repair that is waiting for approval. */
  public static final UUID PROPOSED = UUID.fromString("00000000-0000-1000-8000-000000000001");
  public static final UUID APPLIED = UUID.fromString("00000000-0000-1000-8000-000000000002");

  public final List<String> runs = new ArrayList<>();
  public final List<Discrepancy> discrepancies = new ArrayList<>();
  public final List<RepairRecord> repairs = new ArrayList<>();
  public final List<Optional<UUID>> afters = new ArrayList<>();
  public boolean busy;

  public static RepairRecord repair(UUID id, RepairStatus status) {
    return new RepairRecord(id, UUID.randomUUID(), "acc-1", 1, Instant.parse("2026-11-21T11:59:00Z"), "periodic",
        "drift-detector", status, Optional.empty(), Optional.empty(), 0, 0, Instant.parse("2026-11-21T12:00:00Z"),
        Optional.empty(), Optional.empty());
  }

  @Override
  public synchronized CompletionStage<Optional<DriftReport>> runNow(String trigger, String actor, boolean dryRun) {
    if (busy) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    runs.add(trigger + "/" + actor + "/" + (dryRun ? "dry-run" : "write"));
    Instant now = Instant.parse("2026-11-21T12:00:00Z");
    return CompletableFuture.completedFuture(Optional.of(new DriftReport(UUID.randomUUID(), trigger, dryRun, now, now,
        3, 1, 16, discrepancies.isEmpty() ? 0 : 1, discrepancies, repairs)));
  }

  @Override
  public CompletionStage<RecordPage<Discrepancy>> discrepancies(int limit, Optional<UUID> after) {
    afters.add(after);
    return CompletableFuture.completedFuture(page(discrepancies, Discrepancy::id, limit, after));
  }

  @Override
  public CompletionStage<RecordPage<RepairRecord>> repairs(int limit, Optional<UUID> after) {
    afters.add(after);
    return CompletableFuture.completedFuture(page(repairs, RepairRecord::id, limit, after));
  }

  /** The list in its given order: the records after {@code after}, at most {@code limit}. */
  private static <T> RecordPage<T> page(List<T> all, Function<T, UUID> id, int limit, Optional<UUID> after) {
    int start = after.map(a -> all.stream().map(id).toList().indexOf(a) + 1).orElse(0);
    List<T> rest = all.subList(Math.min(start, all.size()), all.size());
    List<T> page = rest.stream().limit(limit).toList();
    return new RecordPage<>(page, rest.size() > limit ? Optional.of(id.apply(page.get(limit - 1))) : Optional.empty());
  }

  @Override
  public CompletionStage<ApprovalOutcome> approve(UUID repairId, String actor) {
    if (repairId.equals(PROPOSED)) {
      RepairRecord applied = repair(PROPOSED, RepairStatus.APPLIED);
      return CompletableFuture.completedFuture(new ApprovalOutcome.Applied(new RepairRecord(applied.id(),
          applied.discrepancyId(), applied.entityKey(), applied.slice(), applied.windowStart(), applied.trigger(),
          applied.actor(), applied.status(), applied.before(), applied.after(), 0, 0, applied.createdAt(),
          applied.completedAt(), Optional.of(actor))));
    }
    if (repairId.equals(APPLIED)) {
      return CompletableFuture.completedFuture(new ApprovalOutcome.NotProposed(repair(APPLIED, RepairStatus.APPLIED)));
    }
    return CompletableFuture.completedFuture(new ApprovalOutcome.NotFound());
  }
}
