package io.tally.http.batch;

import java.util.Map;
import java.util.TreeMap;

/**
 * How far a batch is, as of its last checkpoint: rows taken, bytes of the file read, rows by
 * outcome (the wire names of event results), the last line whose row is final (a resumed batch
 * starts after it) and how many rejected rows are listed.
 */
public record BatchProgress(long rows, long bytesRead, Map<String, Long> outcomes, long checkpointLine,
    long rejectionsKept) {

  public static final BatchProgress NONE = new BatchProgress(0, 0, Map.of(), 0, 0);

  public BatchProgress {
    outcomes = Map.copyOf(outcomes);
  }

  BatchProgress after(long chunkRows, long bytesRead, Map<String, Long> chunkOutcomes, long lastLine, long kept) {
    Map<String, Long> sum = new TreeMap<>(outcomes);
    chunkOutcomes.forEach((outcome, n) -> sum.merge(outcome, n, Long::sum));
    return new BatchProgress(rows + chunkRows, bytesRead, sum, lastLine, rejectionsKept + kept);
  }
}
