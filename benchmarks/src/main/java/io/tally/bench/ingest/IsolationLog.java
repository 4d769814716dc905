package io.tally.bench.ingest;

import io.tally.bench.report.MarkdownTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The isolation checks of a run's load cells, summed up per section for the report's header. */
public final class IsolationLog {

  /** Cells whose check failed, listed by name in the header (the rest only counted). */
  private static final int FAILURES_LISTED = 10;

  private final List<IsolationCheck> checks = new ArrayList<>();

  public synchronized void add(IsolationCheck check) {
    checks.add(check);
  }

  public synchronized boolean isEmpty() {
    return checks.isEmpty();
  }

  /** The header block: how isolation was arranged, a row per section, and any cell whose check failed. */
  public synchronized String markdown(Duration quiet) {
    StringBuilder out = new StringBuilder();
    out.append("**Isolation of the load cells** (ingest node: `").append(Isolation.NODE_OVERRIDES)
        .append("`, so the drift detector runs only on demand, and none is asked for). Before every cell the harness "
            + "waits until the window-view projection has applied every event Tally accepted (`")
        .append(io.tally.projections.metrics.TallyMetrics.PROJECTION_EVENTS)
        .append("` ≥ accepted) and then nothing for ")
        .append(quiet.toMillis()).append(" ms; after a baseline cell it checks that the projection applied "
            + "nothing during it.\n\n");
    Map<String, List<IsolationCheck>> bySection = new LinkedHashMap<>();
    checks.forEach(c -> bySection.computeIfAbsent(c.section(), s -> new ArrayList<>()).add(c));
    MarkdownTable table = MarkdownTable.of("section", ">cells", ">projection caught up before", ">most lag before (events)",
        ">longest wait (s)", ">detector runs during cells", ">baseline cells", ">events applied during baseline cells");
    bySection.forEach((section, list) -> table.row(section, list.size(),
        list.stream().filter(IsolationCheck::caughtUp).count() + " of " + list.size(),
        list.stream().mapToLong(IsolationCheck::lagEvents).max().orElse(0),
        list.stream().mapToLong(c -> c.waited().toMillis()).max().orElse(0) / 1000.0,
        list.stream().mapToLong(IsolationCheck::detectorRunsDuringCell).sum(),
        list.stream().filter(IsolationCheck::baseline).count(),
        list.stream().filter(IsolationCheck::baseline).mapToLong(IsolationCheck::appliedDuringCell).sum()));
    out.append(table.render());
    List<IsolationCheck> failed = checks.stream().filter(c -> !c.isolated()).toList();
    out.append('\n').append(failed.isEmpty()
        ? String.format(Locale.ROOT, "Every one of the %d cells was isolated.", checks.size())
        : String.format(Locale.ROOT, "**Not isolated: %d of %d cells**: %s%s.", failed.size(), checks.size(),
            failed.stream().limit(FAILURES_LISTED).map(c -> c.section() + " " + c.writer() + " " + c.cell() + " ("
                + c.text() + ")").collect(Collectors.joining("; ")),
            failed.size() > FAILURES_LISTED ? "; …" : ""));
    return out.toString();
  }
}
