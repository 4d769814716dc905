package io.tally.bench.ingest;

import java.util.List;

/**
 * A writer of many-entity requests: one event for each of several distinct entities, returning
 * once every one is acknowledged as persisted and throwing if one was not.
 */
public interface SpreadWriter {

  /** One event for each of {@code entityKeys}, numbered from {@code firstEvent} in that order. */
  void writeSpread(List<String> entityKeys, long firstEvent) throws Exception;
}
