package io.tally.http.batch;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What a batch was posted as: its source (the events' source), mode, file format, the period its
 * rows must fall in (from inclusive, to exclusive; either end open) and its CSV column mapping.
 */
public record BatchSpec(String source, Mode mode, Format format, Optional<Instant> periodFrom,
    Optional<Instant> periodTo, ColumnMapping mapping) {

  /** {@code load}: rows become events; {@code statement}: rows are compared with the ledger. */
  public enum Mode {
    LOAD,
    STATEMENT;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Mode> fromWireName(String name) {
      return java.util.Arrays.stream(values()).filter(m -> m.wireName().equals(name)).findFirst();
    }
  }

  public enum Format {
    CSV,
    NDJSON;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Whether an event time is inside the period. */
  public boolean inPeriod(Instant eventTime) {
    return periodFrom.map(from -> !eventTime.isBefore(from)).orElse(true)
        && periodTo.map(eventTime::isBefore).orElse(true);
  }

  String periodText() {
    return "[" + periodFrom.map(Instant::toString).orElse("open") + ", " + periodTo.map(Instant::toString).orElse("open")
        + ")";
  }
}
