package io.tally.projections.drift;

import io.tally.projections.repair.RepairRecord;
import io.tally.projections.repair.RepairStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** In-memory records (tests). */
public final class InMemoryReconciliationStore implements ReconciliationStore {

  private final List<Discrepancy> discrepancies = new ArrayList<>();
  private final Map<UUID, RepairRecord> repairs = new LinkedHashMap<>();

  @Override
  public synchronized CompletionStage<Void> save(Discrepancy discrepancy) {
    discrepancies.add(discrepancy);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletionStage<Void> save(RepairRecord repair) {
    repairs.put(repair.id(), repair);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletionStage<List<Discrepancy>> discrepancies(int limit, Optional<UUID> after) {
    return CompletableFuture.completedFuture(discrepancies.stream()
        .filter(d -> after.map(a -> NewestFirst.isAfter(d.id(), a)).orElse(true))
        .sorted(Comparator.comparing(Discrepancy::id, NewestFirst.IDS)).limit(limit).toList());
  }

  @Override
  public synchronized CompletionStage<List<RepairRecord>> repairs(int limit, Optional<UUID> after) {
    return CompletableFuture.completedFuture(repairs.values().stream()
        .filter(r -> after.map(a -> NewestFirst.isAfter(r.id(), a)).orElse(true))
        .sorted(Comparator.comparing(RepairRecord::id, NewestFirst.IDS)).limit(limit).toList());
  }

  @Override
  public synchronized CompletionStage<Boolean> claim(RepairRecord proposed, String actor) {
    RepairRecord current = repairs.get(proposed.id());
    if (current == null || current.status() != RepairStatus.PROPOSED) {
      return CompletableFuture.completedFuture(false);
    }
    repairs.put(current.id(), current.with(RepairStatus.APPROVING, current.before(), current.after(),
        Optional.empty(), Optional.of(actor)));
    return CompletableFuture.completedFuture(true);
  }

  @Override
  public synchronized CompletionStage<Void> complete(RepairRecord repair) {
    RepairRecord current = repairs.get(repair.id());
    if (current != null && current.status() == RepairStatus.APPROVING) {
      repairs.put(repair.id(), repair);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletionStage<Optional<RepairRecord>> repair(UUID id) {
    return CompletableFuture.completedFuture(Optional.ofNullable(repairs.get(id)));
  }
}
