package io.tally.projections.window;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.ConfigFactory;
import io.tally.ledger.EventTimeWindows;
import io.tally.projections.ProjectionSettings;
import io.tally.ledger.journal.JournalReader;
import io.tally.projections.metrics.TallyMetrics;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link SliceWriter} per slice in this JVM, reached directly (no projection, no cluster). */
public final class LocalSliceWriters implements SliceRepairs {

  private final Map<Integer, SliceWriter> writers = new ConcurrentHashMap<>();
  private final WindowViewRepository repository;
  private final JournalReader journal;
  private final EventTimeWindows windows;
  private final TallyMetrics metrics;
  private final Clock clock;
  private final ActorSystem<?> system;

  public LocalSliceWriters(WindowViewRepository repository, JournalReader journal, EventTimeWindows windows,
      TallyMetrics metrics, Clock clock, ActorSystem<?> system) {
    this.repository = repository;
    this.journal = journal;
    this.windows = windows;
    this.metrics = metrics;
    this.clock = clock;
    this.system = system;
  }

  public SliceWriter writer(int slice) {
    return writers.computeIfAbsent(slice, s -> new SliceWriter(s, repository, journal, windows, metrics, clock,
        ProjectionSettings.create(ConfigFactory.load()).writer(), system));
  }

  @Override
  public CompletionStage<RowRepairResult> repair(RowRepair repair) {
    return writer(repair.slice()).repair(repair);
  }
}
