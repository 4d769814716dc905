package io.tally.ledger;

import java.util.Locale;
import java.util.Optional;

/** The contract's {@code type} field. */
public enum EventType {
  RECORD,
  RETRACT,
  TOMBSTONE,
  RESTORE;

  /** The name used on the wire: {@code record}, {@code retract}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<EventType> fromWireName(String name) {
    for (EventType type : values()) {
      if (type.wireName().equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
