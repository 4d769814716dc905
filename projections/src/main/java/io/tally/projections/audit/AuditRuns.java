package io.tally.projections.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The audit runs of one node, started over HTTP: at most {@code runs.max-concurrent} at once, the
 * last {@code runs.max-retained} remembered in memory. Runs are node-local: a run id is known
 * only by the node that started it, and is forgotten when it restarts.
 */
public final class AuditRuns {

  private final Auditor auditor;
  private final Clock clock;
  private final int maxConcurrent;
  private final int maxRetained;
  private final Map<String, Run> runs = new LinkedHashMap<>();

  private record Run(String id, AuditScope scope, java.time.Instant startedAt,
      AtomicReference<AuditProgress> progress, AtomicReference<AuditRunStatus> finished) {

    AuditRunStatus status() {
      AuditRunStatus done = finished.get();
      return done != null ? done
          : new AuditRunStatus(id, AuditRunStatus.State.running, scope, startedAt, progress.get(), null, null);
    }
  }

  public AuditRuns(Auditor auditor, Clock clock) {
    this.auditor = auditor;
    this.clock = clock;
    this.maxConcurrent = auditor.settings().maxConcurrentRuns();
    this.maxRetained = auditor.settings().maxRetainedRuns();
  }

  /** Starts a run, or returns empty when {@code max-concurrent} runs are already running. */
  public synchronized Optional<AuditRunStatus> start(AuditScope scope) {
    long running = runs.values().stream().filter(r -> r.finished.get() == null).count();
    if (running >= maxConcurrent) {
      return Optional.empty();
    }
    Run run = new Run(UUID.randomUUID().toString(), scope, clock.instant(),
        new AtomicReference<>(AuditProgress.NONE), new AtomicReference<>());
    runs.put(run.id, run);
    forgetOldest();
    auditor.run(run.id, scope, run.progress).whenComplete((report, failure) -> run.finished.set(failure == null
        ? new AuditRunStatus(run.id, AuditRunStatus.State.completed, scope, run.startedAt, run.progress.get(), report, null)
        : new AuditRunStatus(run.id, AuditRunStatus.State.failed, scope, run.startedAt, run.progress.get(), null,
            String.valueOf(failure.getMessage()))));
    return Optional.of(run.status());
  }

  public synchronized Optional<AuditRunStatus> get(String id) {
    return Optional.ofNullable(runs.get(id)).map(Run::status);
  }

  /** The runs this node remembers (running, and the last {@code max-retained}), newest first. */
  public synchronized List<AuditRunStatus> list() {
    List<AuditRunStatus> newestFirst = new ArrayList<>(runs.size());
    runs.values().forEach(run -> newestFirst.add(0, run.status()));
    return newestFirst;
  }

  private void forgetOldest() {
    var it = runs.values().iterator();
    while (runs.size() > maxRetained && it.hasNext()) {
      if (it.next().finished.get() != null) {
        it.remove();
      }
    }
  }
}
