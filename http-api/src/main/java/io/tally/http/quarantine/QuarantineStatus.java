package io.tally.http.quarantine;

import java.util.Locale;
import java.util.Optional;

/** An entry is open until a re-submission of it is accepted (or answered duplicate). */
public enum QuarantineStatus {
  OPEN,
  RESOLVED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<QuarantineStatus> fromWireName(String name) {
    for (QuarantineStatus status : values()) {
      if (status.wireName().equals(name)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
