package io.tally.http;

import java.util.Locale;
import java.util.Optional;

/** What a bearer token may do. {@code admin} implies the other two. */
public enum Scope {
  INGEST,
  READ,
  ADMIN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Scope> fromWireName(String name) {
    for (Scope scope : values()) {
      if (scope.wireName().equals(name)) {
        return Optional.of(scope);
      }
    }
    return Optional.empty();
  }
}
