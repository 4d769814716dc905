package io.tally.http.batch;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a batch is: waiting for a slot, running, or finished (done, or stopped by an error). */
public enum BatchStatus {
  QUEUED,
  RUNNING,
  DONE,
  FAILED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean finished() {
    return this == DONE || this == FAILED;
  }

  static Optional<BatchStatus> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
  }
}
